import { Component } from "preact";
import type { Comment } from "../api";
import { Avatar } from "./avatar";
import { longDate, RelativeTime } from "./relative-time";
import type { Mode, OnComment, WithContext } from "./thread-context";

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

interface ItemProps extends OnComment {
  depth: number;
}

/** Who wrote the comment (a link to their site, when they gave one) and when. */
function Byline({ ctx, comment }: OnComment) {
  const { s } = ctx;
  const { name, website } = comment.author;
  const shownName = name || s.anonymous;
  return (
    <header>
      <Avatar seed={comment.author.avatar} />
      <span class="author" id={`c-${comment.id}`}>
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
      {comment.moderator && <span class="badge">{s.moderator}</span>}
      {comment.pinned && <span class="badge pinned">{s.pinned}</span>}
      {comment.verified && <span class="badge verified">{s.verified}</span>}
      {comment.source && /^https?:\/\//i.test(comment.source.url) && (
        // Written elsewhere: the network's name (styled, no image from there) links to the original.
        <a class="badge source" href={comment.source.url} rel="nofollow ugc noopener">
          {comment.source.kind}
        </a>
      )}
      <a class="permalink" href={`#comment-${comment.id}`}>
        <RelativeTime iso={comment.createdAt} lang={ctx.options.lang} />
      </a>
      {comment.editedAt && (
        <span class="edited" tabIndex={0} data-time={longDate(comment.editedAt, ctx.options.lang)}>
          ({s.edited})
        </span>
      )}
    </header>
  );
}

/** A comment, and the reply or edit form open on it (the chunks draw those). */
export class CommentItem extends Component<ItemProps, { mode: Mode }> {
  setMode = (mode: Mode) => this.setState({ mode });

  render({ ctx, comment, depth }: ItemProps, { mode }: { mode: Mode }) {
    const { s, ui, extras } = ctx;
    const { setMode } = this;
    const own = ctx.own[comment.id];
    const id = comment.id;

    return (
      <li>
        <article
          // WordPress's anchor shape, so links people already share keep working.
          id={`comment-${id}`}
          class="comment"
          tabIndex={-1}
          aria-labelledby={`c-${id}`}
        >
          <Byline ctx={ctx} comment={comment} />
          {comment.status === "pending" && <p class="pending">{s.pending}</p>}
          {mode === "edit" && extras && own ? (
            <extras.EditForm ctx={ctx} comment={comment} own={own} onClose={() => setMode(null)} />
          ) : (
            // The one raw-HTML sink: `html` was rendered from the reader's text and sanitised
            // by the Worker (worker/domain/render.ts). Everything else goes through Preact.
            !comment.deleted && (
              <div class="body" dangerouslySetInnerHTML={{ __html: comment.html }} />
            )
          )}
          {ui && (
            <ui.Actions ctx={ctx} comment={comment} depth={depth} mode={mode} setMode={setMode} />
          )}
        </article>
        {comment.replies.length > 0 && (
          <CommentList ctx={ctx} comments={comment.replies} depth={depth + 1} />
        )}
        {comment.repliesCursor && extras && <extras.MoreReplies ctx={ctx} comment={comment} />}
      </li>
    );
  }
}
