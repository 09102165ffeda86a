/**
 * English strings. The reader-facing wording follows WordPress, which is what readers
 * already know (see the Embed section of the API contract). `en` (the thread) ships inside
 * embed.js; `enForm` (the forms) ships with the interactive chunk that draws them. Other
 * locales have every key of both, in one file each, loaded on demand.
 */
export const en = {
  count: { one: "{n} comment", other: "{n} comments" } as Record<string, string>,
  anonymous: "Anonymous",
  empty: "Be the first to comment",
  loading: "Loading comments…",
  loadError: "Comments could not be loaded.",
  loadMore: "Load more comments",
  closed: "Comments are closed.",
  reply: "Reply",
  pending: "Your comment is awaiting moderation.",
  deletedNote: "This comment was deleted.",
};

export const enForm = {
  moreReplies: { one: "Show {n} more reply", other: "Show {n} more replies" } as Record<
    string,
    string
  >,
  verify: "Please complete the verification, then send your comment again.",
  leaveReply: "Leave a Reply",
  replyTo: "Leave a Reply to {name}",
  cancelReply: "Cancel reply",
  comment: "Comment",
  name: "Name",
  email: "Email",
  website: "Website",
  notice: "Your email address will not be published. Required fields are marked *",
  remember: "Save my name, email, and website in this browser for the next time I comment.",
  post: "Post Comment",
  posting: "Posting…",
  posted: "Your comment was posted.",
  edit: "Edit",
  save: "Save",
  cancel: "Cancel",
  delete: "Delete",
  confirmDelete: "Delete this comment?",
  editable: "You can edit or delete this comment for {time}.",
  required: "This field is required.",
  badEmail: "Enter a valid email address.",
  badUrl: "Enter a valid web address.",
  tooLong: "A comment has at most {n} characters.",
  rateLimited: "You are commenting too quickly. Please wait a moment and try again.",
  duplicate: "You have already posted this comment.",
  failed: "Something went wrong. Please try again.",
};

export type Strings = typeof en & typeof enForm;
export default en;
