/** English for the form chunk (see en.ts). */
export const enForm = {
  leaveReply: "Leave a Reply",
  replyTo: "Leave a Reply to {name}",
  cancelReply: "Cancel reply",
  comment: "Comment",
  write: "Write",
  preview: "Preview",
  name: "Name",
  email: "Email",
  website: "Website",
  notice: "Your email address will not be published. Required fields are marked *",
  remember: "Save my name, email, and website in this browser for the next time I comment.",
  post: "Post Comment",
  posting: "Posting…",
  offline: "The comment could not be sent. Your text is kept; please try again.",
  retry: "Try again",
};
