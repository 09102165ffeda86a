/**
 * Everything that only matters once a reader acts: the forms, edit and delete, and bringing
 * back their own held comments. Loaded right after the comments are shown, so it stays out
 * of the first-paint budget (scripts/size.mjs) without delaying anything a reader sees.
 */
export { bind } from "./shim";
export { CommentForm } from "./comment-form";
export { EditForm } from "./edit-form";
export { MoreReplies } from "./more-replies";
export { OwnActions } from "./own-actions";
export { restore } from "./own-comments";
export { default as css } from "./form.css";
export { enForm } from "../i18n/en";
