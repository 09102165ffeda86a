import { useState } from "preact/hooks";
import { listComments } from "../api";
import type { WithContext } from "../components/thread-context";
import { findComment } from "../thread";

/**
 * "Load more comments": the list's next page, after the ones shown (a comment shown already,
 * one's own or a linked one, is not added twice). Here rather than in embed.js: the first
 * paint draws the button, disabled, and this chunk arrives right after it.
 */
export function LoadMore({ ctx, cursor }: WithContext & { cursor: string }) {
  const [busy, setBusy] = useState(false);

  async function load() {
    const { options } = ctx;
    setBusy(true);
    try {
      const page = await listComments(
        options,
        options.site,
        options.page.key,
        options.sort,
        cursor,
      );
      ctx.setComments((list) => [
        ...list,
        ...page.comments.filter((comment) => !findComment(list, comment.id)),
      ]);
      ctx.setCursor(page.nextCursor);
    } catch {
      ctx.announce(ctx.s.loadError);
    }
    setBusy(false);
  }

  return (
    <button type="button" class="more" disabled={busy} onClick={load}>
      {ctx.s.loadMore}
    </button>
  );
}
