/** English for the extras chunk (see en.ts), which explains refusals as sending does. */
import { enSend } from "./en-send";

export const enExtras = {
  ...enSend,
  edit: "Edit",
  save: "Save",
  cancel: "Cancel",
  delete: "Delete",
  confirmDelete: "Delete this comment?",
  editable: "You can edit or delete this comment for {time}.",
  moreReplies: { one: "Show {n} more reply", other: "Show {n} more replies" } as Record<
    string,
    string
  >,
  fromStart: "Show all comments from the beginning",
  newComments: { one: "{n} new comment — show", other: "{n} new comments — show" } as Record<
    string,
    string
  >,
  linkedGone: "The linked comment is not available.",
  likeLabel: "Like ({n})",
  /** In the server-rendered thread (GET /api/comments.html) on a Turnstile site. */
  needsScript: "Posting a comment here needs JavaScript.",
  likeFailed: "The like could not be saved.",
  reactionsLabel: "Reactions",
  reactions: {
    heart: "Love",
    thumbsup: "Like",
    laugh: "Funny",
    wow: "Wow",
    sad: "Sad",
    celebrate: "Celebrate",
    thinking: "Thinking",
    clap: "Applause",
  } as Record<string, string>,
  reactionLabel: "{reaction} ({n})",
  reactionFailed: "The reaction could not be saved.",
  sortBy: "Sort by",
  sorts: { oldest: "Oldest", newest: "Newest", best: "Best" } as Record<string, string>,
  report: "Report",
  reportWhy: "What is wrong with this comment?",
  reportReasons: {
    spam: "Spam",
    abuse: "Abusive or hateful",
    "off-topic": "Off-topic",
    other: "Something else",
  } as Record<string, string>,
  reportDetails: "Details (optional)",
  reportSend: "Send report",
  reportThanks: "Thank you. A moderator will take a look.",
  notifyMe: "Notify me of follow-up comments by email.",
  notifyReplies: "Replies to my comment",
  notifyAll: "All new comments on this page",
  confirmMail: "Check your email: we sent a link to confirm mail about follow-up comments.",
  verifyEmail: "Verify my email",
  myComments: "My comments",
  verifiedHere: "Your email is verified in this browser.",
  forgetBrowser: "Forget this browser",
  verifySent: "Check your email: we sent a link that verifies this browser.",
  mineSent: "Check your email: we sent a link to everything you wrote here.",
  emailFirst: "Enter your email address first.",
};
