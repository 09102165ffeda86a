/**
 * What a decision does, from a key or a button alike: the API call, the comment leaving the
 * list (or changing in it), the announcement, the undo, and the focus moving on to the next.
 */
import { bulk, deleteComment, moderate, type ModComment, type Status } from "../api";
import type { QueueAction, QueueState } from "./queue-state";
import type { Undo } from "./use-undo";

const verbs: Record<Status, string> = {
  approved: "Approved",
  spam: "Marked as spam",
  rejected: "Rejected",
  pending: "Back to pending",
};

export function decisionsOf(queue: {
  dispatch: (action: QueueAction) => void;
  latest: () => QueueState;
  announce: (message: string) => void;
  record: (undo: Undo) => void;
  /** Focuses the card now where the acted-on one was, once the list is drawn. */
  focusNext: () => void;
}) {
  const { dispatch, announce } = queue;

  async function decide(ids: string[], to: Status) {
    if (!ids.length) return;
    const before = (queue.latest().comments ?? [])
      .filter((c) => ids.includes(c.id))
      .map((c) => ({ id: c.id, status: c.status }));
    try {
      if (ids.length === 1) await moderate(ids[0]!, { status: to });
      else await bulk(ids, to);
    } catch (e) {
      return announce((e as Error).message);
    }
    dispatch({ type: "settled", ids, change: { status: to } });
    const label = `${verbs[to]}: ${ids.length === 1 ? "1 comment" : `${ids.length} comments`}.`;
    announce(label);
    queue.record({ label, before });
    queue.focusNext();
  }

  async function remove(comment: ModComment) {
    if (!confirm("Delete this comment? This cannot be undone.")) return;
    await deleteComment(comment.id);
    dispatch({ type: "settled", ids: [comment.id], change: null });
    announce("Deleted: 1 comment.");
    queue.focusNext();
  }

  async function save(comment: ModComment, body: string) {
    const changed = await moderate(comment.id, { body });
    dispatch({ type: "settled", ids: [comment.id], change: changed });
    dispatch({ type: "edit", id: null });
    announce("Saved.");
  }

  return { decide, remove, save };
}
