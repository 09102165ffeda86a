import { useRef } from "preact/hooks";
import type { ActionsProps } from "../components/thread-context";
import { CommentForm } from "./comment-form";

/**
 * What a reader can do under a comment: reply (until the site's depth), and edit or delete
 * their own; the reply form opens in place.
 */
export function Actions({ ctx, comment, depth, mode, setMode }: ActionsProps) {
  const { s, extras } = ctx;
  const replyRef = useRef<HTMLButtonElement>(null);
  const own = ctx.own[comment.id];
  if (mode === "reply") {
    return (
      <CommentForm
        ctx={ctx}
        parentId={comment.id}
        replyTo={comment.author.name || s.anonymous}
        onClose={(posted: boolean) => {
          setMode(null);
          if (!posted) setTimeout(() => replyRef.current?.focus());
        }}
      />
    );
  }
  if (mode) return null;
  const canReply =
    !ctx.closed && !comment.deleted && comment.status !== "pending" && depth < ctx.config.maxDepth;
  return (
    <p class="actions">
      {extras && <extras.Like ctx={ctx} comment={comment} />}
      {canReply && (
        <button type="button" class="link" ref={replyRef} onClick={() => setMode("reply")}>
          {s.reply}
        </button>
      )}
      {own && extras && (
        <extras.OwnActions ctx={ctx} comment={comment} own={own} onEdit={() => setMode("edit")} />
      )}
      {!own && extras && <extras.Report ctx={ctx} comment={comment} />}
    </p>
  );
}
