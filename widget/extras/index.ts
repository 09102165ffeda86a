/**
 * The extras chunk, loaded beside the form chunk once the comments are shown: one's own
 * comments (brought back after a reload or from another verified browser, edited, deleted),
 * more replies, links to a comment, the page's reactions, Turnstile, verifying one's email
 * and "my comments", "Signed in as …" (single sign-on), and taking over a server-rendered thread. Nothing here is needed to
 * start typing.
 */
import type { ThreadContextValue } from "../components/thread-context";
import { adopt } from "./adopt";
import { followLinks } from "./links";
import { restoreOwn } from "./own-comments";
import { keepFragmentToken } from "./fragment-tokens";
import { setJumped } from "./from-start";

export { bind } from "../interactive/shim";
export { EditForm } from "./edit-form";
export { FromStart } from "./from-start";
export { Like, SortControl } from "./like";
export { LoadMore } from "./load-more";
export { MoreReplies } from "./more-replies";
export { NewComments } from "./new-comments";
export { FormExtras } from "./form-extras";
export { OwnActions } from "./own-actions";
export { Reactions } from "./reactions";
export { Report } from "./report";
export { SignIn } from "./sign-in";
export { Turnstile } from "./turnstile";
export { enExtras as strings } from "../i18n/en-extras";
export { default as css } from "./extras.css";

/** Runs once, when both chunks are in: the thread is complete, and shown. */
export function start(ctx: ThreadContextValue): void {
  keepFragmentToken("mail", ctx.options.site);
  keepFragmentToken("reader", ctx.options.site);
  // This chunk outlives a thread in a single-page site: a jump belongs to the page before.
  setJumped(false);
  void adopt(ctx.headingRef.current!.getRootNode() as ShadowRoot, ctx.options.signal).then(() => {
    void restoreOwn(ctx.current());
    followLinks(ctx.current());
  });
}
