/**
 * The form chunk: what a reader needs to write a comment (the forms, their checks, what the
 * server's refusals mean, and remembering who they are). Loaded right after the comments
 * are shown, so it stays out of the first-paint budget; with embed.js it is "ready to type"
 * (scripts/size.mjs). What only matters later is in the extras chunk.
 */
export { bind } from "./shim";
export { Actions } from "./actions";
export { CommentForm } from "./comment-form";
export { default as css } from "./form.css";
export { enForm as strings } from "../i18n/en-form";
