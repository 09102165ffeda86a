/** A thread is closed by hand, or once it is older than the site's `closeAfterDays`. */
export function isThreadClosed(
  thread: { closed: boolean; createdAt: string } | null,
  closeAfterDays: number | null,
  now: Date,
): boolean {
  if (!thread) return false;
  if (thread.closed) return true;
  if (closeAfterDays === null) return false;
  return now.getTime() - Date.parse(thread.createdAt) > closeAfterDays * 86_400_000;
}
