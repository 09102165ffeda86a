/** A page's discussion: what readers see of it, and whether it takes new comments. */
export interface Thread {
  id: number;
  siteId: string;
  key: string;
  /** From the first approved comment (never from spam or a held one), else null. */
  url: string | null;
  title: string | null;
  closed: boolean;
  count: number;
  createdAt: string;
  /** When the first approved comment was published; `closeAfterDays` counts from here. */
  openedAt: string | null;
  /** Readers' reactions to the page by kind (kept by triggers); null before the first. */
  reactions: Readonly<Record<string, number>> | null;
}

/** A thread is closed by hand, or once it is older than the site's `closeAfterDays`. */
export function isThreadClosed(
  thread: Pick<Thread, "closed" | "openedAt"> | null,
  closeAfterDays: number | null,
  now: Date,
): boolean {
  if (!thread) return false;
  if (thread.closed) return true;
  if (closeAfterDays === null || thread.openedAt === null) return false;
  return now.getTime() - Date.parse(thread.openedAt) > closeAfterDays * 86_400_000;
}

/** A thread shows at most this many pinned comments, first (the desk refuses a sixth). */
export const maxPinnedPerThread = 5;
