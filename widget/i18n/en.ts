/**
 * English strings. The reader-facing wording follows WordPress, which is what readers
 * already know (see the Embed section of the API contract). These (the thread) ship inside
 * embed.js, en-form.ts with the chunk that draws the form, en-extras.ts with the one that
 * comes after it (one's own comments, more replies, links to a comment), and en-send.ts (the
 * checks' and refusals' words) with the code for sending, which the extras spread into
 * theirs: a file each, so that each bundle carries only its own. Other locales have every
 * key of them all, in one file each, loaded on demand.
 */
import { enCount } from "./counts/en";
import type { enExtras } from "./en-extras";
import type { enForm } from "./en-form";

export const en = {
  count: enCount,
  anonymous: "Anonymous",
  empty: "Be the first to comment",
  loading: "Loading comments…",
  loadError: "Comments could not be loaded.",
  loadMore: "Load more comments",
  closed: "Comments are closed.",
  reply: "Reply",
  pending: "Your comment is awaiting moderation.",
  deletedNote: "This comment was deleted.",
  edited: "edited",
  moderator: "Moderator",
  pinned: "Pinned",
  /** A comment posted from a browser that proved the author's email (the email stays private). */
  verified: "Verified",
};

export type Strings = typeof en & typeof enForm & typeof enExtras;
export default en;
