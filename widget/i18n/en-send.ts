/**
 * English that only sending says: the form's checks, the server's refusals, "posted". It
 * ships with the code for sending (interactive/send.ts, fetched on a form's first focus) and
 * with the extras chunk, whose edit, delete and report explain refusals too; not with the
 * form, whose words a reader needs before typing (see en.ts).
 */
export const enSend = {
  nothingToPreview: "Nothing to preview yet.",
  posted: "Your comment was posted.",
  required: "This field is required.",
  badEmail: "Enter a valid email address.",
  badUrl: "Enter a valid web address.",
  tooLong: "A comment has at most {n} characters.",
  verify: "Please complete the verification, then send your comment again.",
  parentGone: "The comment you are replying to is no longer here.",
  rateLimited: "You are commenting too quickly. Please try again {time}.",
  duplicate: "You have already posted this comment.",
  cannotPost: "Comments can't be posted on this page right now.",
  /** A reader token refused (expired, revoked): it is forgotten, and the next try posts without. */
  verifyAgain:
    "This browser's email verification has ended. Send again to post without it, or verify again.",
};
