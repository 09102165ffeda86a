import { useEffect, useRef, useState } from "preact/hooks";
import type { Comment } from "../api";
import { Avatar } from "./avatar";
import { RelativeTime } from "./relative-time";
import type { WithContext } from "./thread-context";

interface ListProps extends WithContext {
  comments: Comment[];
  depth: number;
}

export function CommentList({ ctx, comments, depth }: ListProps) {
  return (
    <ol>
      {comments.map((comment) => (
        <CommentItem key={comment.id} ctx={ctx} comment={comment} depth={depth} />
      ))}
    </ol>
  );
}

interface ItemProps extends WithContext {
  comment: Comment;
  depth: number;
}

export function CommentItem({ ctx, comment, depth }: ItemProps) {
  const { s, ui } = ctx;
  const [mode, setMode] = useState<"reply" | "edit" | null>(null);
  const articleRef = useRef<HTMLElement>(null);
  const replyRef = useRef<HTMLButtonElement>(null);
  const own = ctx.own[comment.id];
  const { name, website } = comment.author;
  const id = `c-${comment.id}`;

  useEffect(() => {
    if (ctx.focusNext.current === comment.id) {
      ctx.focusNext.current = null;
      articleRef.current?.focus();
    }
  }, []);

  const canReply =
    !ctx.closed && !comment.deleted && comment.status !== "pending" && depth < ctx.config.maxDepth;
  const shownName = name || s.anonymous;

  return (
    <li>
      <article class="comment" ref={articleRef} tabIndex={-1} aria-labelledby={id}>
        <header>
          <Avatar seed={comment.author.avatar} />
          <span class="author" id={id}>
            {comment.deleted ? (
              s.deletedNote
            ) : website && /^https?:\/\//i.test(website) ? (
              <a href={website} rel="nofollow ugc noopener">
                {shownName}
              </a>
            ) : (
              shownName
            )}
          </span>
          <RelativeTime iso={comment.createdAt} lang={ctx.lang} />
        </header>
        {comment.status === "pending" && <p class="pending">{s.pending}</p>}
        {mode === "edit" && ui && own ? (
          <ui.EditForm
            ctx={ctx}
            comment={comment}
            own={own}
            onClose={() => {
              setMode(null);
              articleRef.current?.focus();
            }}
          />
        ) : (
          // The one raw-HTML sink: `html` was rendered from the reader's text and sanitised
          // by the Worker (worker/domain/render.ts). Everything else goes through Preact.
          !comment.deleted && (
            <div class="body" dangerouslySetInnerHTML={{ __html: comment.html }} />
          )
        )}
        {!mode && ui && (
          <p class="actions">
            {canReply && (
              <button type="button" class="link" ref={replyRef} onClick={() => setMode("reply")}>
                {s.reply}
              </button>
            )}
            {own && (
              <ui.OwnActions ctx={ctx} comment={comment} own={own} onEdit={() => setMode("edit")} />
            )}
          </p>
        )}
        {mode === "reply" && ui && (
          <ui.CommentForm
            ctx={ctx}
            parentId={comment.id}
            replyTo={shownName}
            onClose={(posted: boolean) => {
              setMode(null);
              if (!posted) setTimeout(() => replyRef.current?.focus());
            }}
          />
        )}
      </article>
      {comment.replies.length > 0 && (
        <CommentList ctx={ctx} comments={comment.replies} depth={depth + 1} />
      )}
      {comment.repliesCursor && ui && <ui.MoreReplies ctx={ctx} comment={comment} />}
    </li>
  );
}
