/** Who wrote a comment and when (with its checkbox); which page it is on and what it answers. */
import type { ModComment } from "../../api";
import { pageOf } from "./use-card";

export function CardHeader(props: {
  comment: ModComment;
  id: string;
  selected: boolean;
  onToggle: () => void;
}) {
  const { comment } = props;
  const name = comment.author.name || "Anonymous";
  return (
    <header>
      <input
        type="checkbox"
        checked={props.selected}
        onChange={props.onToggle}
        aria-label={`Select the comment by ${name}`}
      />
      <span id={`${props.id}-by`} class="author">
        {name}
      </span>
      {comment.email && <span class="email">{comment.email}</span>}
      {comment.author.website && (
        <a
          class="website"
          href={comment.author.website}
          rel="noopener noreferrer nofollow"
          target="_blank"
        >
          {comment.author.website}
        </a>
      )}
      <time dateTime={comment.createdAt}>{new Date(comment.createdAt).toLocaleString()}</time>
    </header>
  );
}

export function CardThread({ comment }: { comment: ModComment }) {
  const page = pageOf(comment);
  return (
    <>
      <p class="page">
        on{" "}
        {comment.thread.url ? (
          <a
            href={`${comment.thread.url}#comment-${comment.id}`}
            target="_blank"
            rel="noopener noreferrer"
          >
            {page}
          </a>
        ) : (
          page
        )}
        {comment.status !== "pending" && (
          <span class={`status ${comment.status}`}>{comment.status}</span>
        )}
      </p>
      {comment.parent && (
        <details class="parent">
          <summary>In reply to {comment.parent.author || "Anonymous"}</summary>
          <p>{comment.parent.deleted ? "(deleted)" : comment.parent.body}</p>
        </details>
      )}
    </>
  );
}
