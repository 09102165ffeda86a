/**
 * Likes: a toggle with the count under each approved comment, on sites that take them. The
 * reader and which comments this browser liked are kept as reader-memory.ts says. No cookie.
 */
import { useState } from "preact/hooks";
import { likeComment, listComments } from "../api";
import type { OnComment, WithContext } from "../components/thread-context";
import { fill } from "../i18n";
import { readerId, remember, remembered, watchLeaving } from "./reader-memory";

const likedKey = (site: string) => `parley:likes:${site}`;

export function Like({ ctx, comment }: OnComment) {
  const { s, options } = ctx;
  const key = likedKey(options.site);
  const [liked, setLiked] = useState(() => remembered(key).includes(comment.id));
  const [count, setCount] = useState(comment.likes ?? 0);
  if (!ctx.config.likes || comment.deleted || comment.status === "pending") return null;

  async function toggle() {
    const want = !liked;
    // At once, then corrected by the server's count.
    setLiked(want);
    setCount((n) => Math.max(0, n + (want ? 1 : -1)));
    remember(key, comment.id, want);
    const leaving = watchLeaving();
    try {
      const answer = await likeComment(options, comment.id, {
        reader: readerId(),
        liked: want,
      });
      setLiked(answer.liked);
      setCount(answer.likes);
      remember(key, comment.id, answer.liked);
    } catch {
      if (leaving.left()) return;
      setLiked(!want);
      setCount((n) => Math.max(0, n + (want ? -1 : 1)));
      remember(key, comment.id, !want);
      ctx.announce(s.likeFailed);
    } finally {
      leaving.stop();
    }
  }
  return (
    <button
      type="button"
      class="link like"
      aria-pressed={liked}
      aria-label={fill(s.likeLabel, { n: count })}
      onClick={toggle}
    >
      ♥ {count || ""}
    </button>
  );
}

/** The list's order: oldest, newest, or the most liked first. */
export function SortControl({ ctx }: WithContext) {
  const { s, options } = ctx;
  const [busy, setBusy] = useState(false);
  if (!ctx.config.likes && options.sort !== "best") return null;
  async function change(sort: typeof options.sort) {
    setBusy(true);
    // The widget's options are its own object: later pages and new comments follow this.
    options.sort = sort;
    try {
      const page = await listComments(options, options.site, options.page.key, sort);
      ctx.setComments(page.comments);
      ctx.setCursor(page.nextCursor);
    } catch {
      ctx.announce(s.loadError);
    }
    setBusy(false);
  }
  return (
    <label class="sort">
      {s.sortBy}{" "}
      <select
        value={options.sort}
        disabled={busy}
        onChange={(e) => void change(e.currentTarget.value as typeof options.sort)}
      >
        {(["oldest", "newest", "best"] as const).map((sort) => (
          <option value={sort}>{s.sorts[sort]}</option>
        ))}
      </select>
    </label>
  );
}
