/**
 * The extras chunk, loaded beside the form chunk once the comments are shown: one's own
 * comments (brought back after a reload, edited, deleted), more replies, links to a
 * comment, and Turnstile. Nothing here is needed to start typing.
 */
import type { ThreadContextValue } from "../components/thread-context";
import { followLinks } from "./links";
import { restoreOwn } from "./own-comments";

export { bind } from "../interactive/shim";
export { EditForm } from "./edit-form";
export { FromStart } from "./from-start";
export { Like, SortControl } from "./like";
export { MoreReplies } from "./more-replies";
export { NewComments } from "./new-comments";
export { Notify } from "./notify";
export { OwnActions } from "./own-actions";
export { Report } from "./report";
export { Turnstile } from "./turnstile";
export { enExtras as strings } from "../i18n/en-extras";
export { default as css } from "./extras.css";

/** Runs once, when both chunks are in. */
export function start(ctx: ThreadContextValue): void {
  void restoreOwn(ctx);
  followLinks(ctx);
}
