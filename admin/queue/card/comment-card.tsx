/**
 * One comment in the queue: its page, what it answers (collapsed), who wrote it (name,
 * email, website), when, the rendered body and its Markdown, why it was held; and every
 * decision: approve, reject, spam, delete, edit in place, ban, close the thread.
 */
import { useState } from "preact/hooks";
import {
  ban,
  moderate,
  reply as sendModeratorReply,
  updateThread,
  type ModComment,
  type Status,
} from "../../api";
import type { DeskContext } from "../../desk-context";

interface Props {
  comment: ModComment;
  current: boolean;
  selected: boolean;
  editing: boolean;
  ctx: DeskContext;
  onFocus: () => void;
  onToggle: () => void;
  onStatus: (status: Status) => void;
  onDelete: () => void;
  onEdit: (on: boolean) => void;
  onSave: (body: string) => Promise<void>;
}

const banLengths: [string, number | null][] = [
  ["for a day", 1],
  ["for a week", 7],
  ["for a month", 30],
  ["for good", null],
];

function BanForm({
  comment,
  ctx,
  onDone,
}: {
  comment: ModComment;
  ctx: DeskContext;
  onDone: () => void;
}) {
  const [scope, setScope] = useState<"author" | "network">(comment.email ? "author" : "network");
  const [days, setDays] = useState("7");
  const [error, setError] = useState("");
  async function submit(event: Event) {
    event.preventDefault();
    const length = days === "" ? null : Number(days);
    try {
      await ban({
        site: comment.site,
        commentId: comment.id,
        scope,
        ...(length ? { expiresAt: new Date(Date.now() + length * 86_400_000).toISOString() } : {}),
      });
      ctx.announce(`Banned the ${scope}.`);
      onDone();
    } catch (e) {
      setError((e as Error).message);
    }
  }
  return (
    <form class="ban" onSubmit={submit}>
      <label>
        Ban
        <select
          value={scope}
          onChange={(e) => setScope(e.currentTarget.value as "author" | "network")}
        >
          <option value="author" disabled={!comment.email}>
            the author
          </option>
          <option value="network">the network</option>
        </select>
      </label>
      <label>
        <span class="sr">How long</span>
        <select value={days} onChange={(e) => setDays(e.currentTarget.value)}>
          {banLengths.map(([label, length]) => (
            <option value={length === null ? "" : String(length)}>{label}</option>
          ))}
        </select>
      </label>
      <button type="submit">Ban</button>
      <button type="button" class="link" onClick={onDone}>
        Cancel
      </button>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

/** What readers reported, by reason, with what they wrote. */
function Reports({ reports }: { reports: ModComment["reports"] }) {
  const byReason = new Map<string, number>();
  for (const { reason } of reports) byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
  const summary = [...byReason].map(([reason, n]) => (n > 1 ? `${reason} (${n})` : reason));
  return (
    <div class="reports">
      <p>
        Reported {reports.length === 1 ? "once" : `${reports.length} times`}: {summary.join(", ")}
      </p>
      <ul>{reports.flatMap((report) => (report.text ? [<li>“{report.text}”</li>] : []))}</ul>
    </div>
  );
}

export function CommentCard(props: Props) {
  const { comment, ctx } = props;
  const [draft, setDraft] = useState(comment.body);
  const [banning, setBanning] = useState(false);
  const [replying, setReplying] = useState(false);
  const [reply, setReply] = useState("");
  const [pinned, setPinned] = useState(Boolean(comment.pinned));
  const [error, setError] = useState("");
  const id = `card-${comment.id}`;
  const page = comment.thread.title || comment.thread.key;

  async function togglePin() {
    try {
      await moderate(comment.id, { pinned: !pinned });
      setPinned(!pinned);
      ctx.announce(pinned ? "Unpinned." : "Pinned: it comes first on its page.");
    } catch (e) {
      setError((e as Error).message);
    }
  }

  async function sendReply(event: Event) {
    event.preventDefault();
    try {
      await sendModeratorReply(comment.id, reply);
      setReplying(false);
      setReply("");
      ctx.announce("Replied as a moderator.");
    } catch (e) {
      setError((e as Error).message);
    }
  }

  async function closeThread() {
    await updateThread({
      site: comment.site,
      key: comment.thread.key,
      closed: true,
    });
    ctx.announce(`Closed comments on ${page}.`);
  }

  return (
    <article
      class={`card${props.current ? " current" : ""}`}
      tabIndex={-1}
      aria-labelledby={`${id}-by`}
      aria-current={props.current ? "true" : undefined}
      onFocusIn={props.onFocus}
    >
      <header>
        <input
          type="checkbox"
          checked={props.selected}
          onChange={props.onToggle}
          aria-label={`Select the comment by ${comment.author.name || "Anonymous"}`}
        />
        <span id={`${id}-by`} class="author">
          {comment.author.name || "Anonymous"}
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
      {props.editing ? (
        <form
          class="edit"
          onSubmit={(e) => {
            e.preventDefault();
            props.onSave(draft).catch((failure: Error) => setError(failure.message));
          }}
        >
          <label for={`${id}-body`} class="sr">
            Comment text (Markdown)
          </label>
          <textarea
            id={`${id}-body`}
            rows={6}
            value={draft}
            onInput={(e) => setDraft(e.currentTarget.value)}
            ref={(node) => node?.focus()}
          />
          <button type="submit" class="primary">
            Save
          </button>
          <button type="button" class="link" onClick={() => props.onEdit(false)}>
            Cancel
          </button>
        </form>
      ) : (
        // The Worker's sanitised rendering; the page's CSP runs no script from it anyway.
        <div class="body" dangerouslySetInnerHTML={{ __html: comment.html }} />
      )}
      {!props.editing && (
        <details class="source">
          <summary>Markdown</summary>
          <pre>{comment.body}</pre>
        </details>
      )}
      {comment.reasons.length > 0 && (
        <p class="reasons">Held because: {comment.reasons.join(", ")}</p>
      )}
      {comment.reports.length > 0 && <Reports reports={comment.reports} />}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="actions">
        {comment.status !== "approved" && (
          <button type="button" class="primary" onClick={() => props.onStatus("approved")}>
            Approve
          </button>
        )}
        {comment.status !== "spam" && (
          <button type="button" onClick={() => props.onStatus("spam")}>
            Spam
          </button>
        )}
        {comment.status !== "rejected" && (
          <button type="button" onClick={() => props.onStatus("rejected")}>
            Reject
          </button>
        )}
        <button type="button" onClick={() => props.onEdit(true)}>
          Edit
        </button>
        <button type="button" onClick={props.onDelete}>
          Delete
        </button>
        <button type="button" onClick={() => setBanning(true)} aria-expanded={banning}>
          Ban…
        </button>
        {comment.status === "approved" && (
          <button type="button" onClick={() => setReplying(true)} aria-expanded={replying}>
            Reply
          </button>
        )}
        {comment.status === "approved" && !comment.parentId && (
          <button type="button" aria-pressed={pinned} onClick={() => void togglePin()}>
            {pinned ? "Unpin" : "Pin"}
          </button>
        )}
        <button type="button" class="link" onClick={() => void closeThread()}>
          Close thread
        </button>
      </div>
      {replying && (
        <form class="edit" onSubmit={sendReply}>
          <label for={`${id}-reply`}>Your reply, shown with the Moderator badge</label>
          <textarea
            id={`${id}-reply`}
            rows={4}
            value={reply}
            onInput={(e) => setReply(e.currentTarget.value)}
          />
          <button type="submit" class="primary">
            Send reply
          </button>
          <button type="button" class="link" onClick={() => setReplying(false)}>
            Cancel
          </button>
        </form>
      )}
      {banning && <BanForm comment={comment} ctx={ctx} onDone={() => setBanning(false)} />}
    </article>
  );
}
