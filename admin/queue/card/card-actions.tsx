/**
 * A card's buttons: the decisions (the same commands as the keys), edit, delete, and the
 * card's own: ban, reply, pin, close the thread.
 */
import type { ModComment, Status } from "../../api";
import type { QueueCommands } from "../use-queue";
import type { Card } from "./use-card";

const decisions: [Status, string][] = [
  ["approved", "Approve"],
  ["spam", "Spam"],
  ["rejected", "Reject"],
];

export function CardActions(props: { comment: ModComment; card: Card; commands: QueueCommands }) {
  const { comment, card, commands } = props;
  const approved = comment.status === "approved";
  return (
    <div class="actions">
      {decisions.map(
        ([to, label]) =>
          comment.status !== to && (
            <button
              type="button"
              class={to === "approved" ? "primary" : undefined}
              onClick={() => void commands.decide([comment.id], to)}
            >
              {label}
            </button>
          ),
      )}
      <button type="button" onClick={() => commands.dispatch({ type: "edit", id: comment.id })}>
        Edit
      </button>
      <button type="button" onClick={() => void commands.remove(comment)}>
        Delete
      </button>
      <button type="button" onClick={() => card.setBanning(true)} aria-expanded={card.banning}>
        Ban…
      </button>
      {approved && (
        <button type="button" onClick={() => card.setReplying(true)} aria-expanded={card.replying}>
          Reply
        </button>
      )}
      {approved && !comment.parentId && (
        <button type="button" aria-pressed={card.pinned} onClick={() => void card.togglePin()}>
          {card.pinned ? "Unpin" : "Pin"}
        </button>
      )}
      <button type="button" class="link" onClick={() => void card.closeThread()}>
        Close thread
      </button>
    </div>
  );
}
