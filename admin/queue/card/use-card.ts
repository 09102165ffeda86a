/**
 * A card's own work, beside the queue's decisions: pin or unpin, reply as a moderator, close
 * the thread, open the ban form; and the card's one error line, which its parts share.
 */
import { useState } from "preact/hooks";
import { moderate, reply as sendModeratorReply, updateThread, type ModComment } from "../../api";

/** The page a comment is on, as the desk names it. */
export const pageOf = (comment: ModComment) => comment.thread.title || comment.thread.key;

export function useCard(comment: ModComment, announce: (message: string) => void) {
  const [banning, setBanning] = useState(false);
  const [replying, setReplying] = useState(false);
  const [reply, setReply] = useState("");
  const [pinned, setPinned] = useState(Boolean(comment.pinned));
  const [error, setError] = useState("");

  async function togglePin() {
    try {
      await moderate(comment.id, { pinned: !pinned });
      setPinned(!pinned);
      announce(pinned ? "Unpinned." : "Pinned: it comes first on its page.");
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
      announce("Replied as a moderator.");
    } catch (e) {
      setError((e as Error).message);
    }
  }

  async function closeThread() {
    await updateThread({ site: comment.site, key: comment.thread.key, closed: true });
    announce(`Closed comments on ${pageOf(comment)}.`);
  }

  return {
    banning,
    setBanning,
    replying,
    setReplying,
    reply,
    setReply,
    pinned,
    togglePin,
    sendReply,
    closeThread,
    error,
    setError,
  };
}

export type Card = ReturnType<typeof useCard>;
