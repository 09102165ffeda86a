import { useState } from "preact/hooks";
import { listReplies } from "../api";
import { plural } from "../i18n/plural";
import type { OnComment } from "../components/thread-context";
import { addReplies } from "../thread";

/**
 * "Show 12 more replies" under a root whose replies go on: each click brings the next page
 * (the server's repliesCursor) and hangs it under the comments it answers.
 */
export function MoreReplies({ ctx, comment }: OnComment) {
  const { s, options } = ctx;
  const [busy, setBusy] = useState(false);
  const left = comment.moreReplies ?? 0;

  async function load() {
    setBusy(true);
    try {
      const page = await listReplies(options, comment.id, comment.repliesCursor!);
      ctx.setComments((list) => addReplies(list, comment.id, page));
    } catch {
      ctx.announce(s.loadError);
    }
    setBusy(false);
  }

  return (
    <button type="button" class="link more-replies" disabled={busy} onClick={load}>
      {plural(s.moreReplies, options.lang, left)}
    </button>
  );
}
