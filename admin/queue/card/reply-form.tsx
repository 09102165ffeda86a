/** A moderator's reply to an approved comment, shown with the Moderator badge. */
import type { Card } from "./use-card";

export function ReplyForm({ id, card }: { id: string; card: Card }) {
  return (
    <form class="edit" onSubmit={card.sendReply}>
      <label for={`${id}-reply`}>Your reply, shown with the Moderator badge</label>
      <textarea
        id={`${id}-reply`}
        rows={4}
        value={card.reply}
        onInput={(e) => card.setReply(e.currentTarget.value)}
      />
      <button type="submit" class="primary">
        Send reply
      </button>
      <button type="button" class="link" onClick={() => card.setReplying(false)}>
        Cancel
      </button>
    </form>
  );
}
