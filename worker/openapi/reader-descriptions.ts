/**
 * What the fields of readers who are known mean (issue 27): verification, reader tokens,
 * the verified mark and "my comments". Build time only, as descriptions.ts.
 */
import { authorExportSchema } from "../schemas/moderation";
import { newCommentSchema } from "../schemas/reader";
import { listResponseSchema, publicCommentSchema } from "../schemas/reader-answers";
import {
  readerCommentSchema,
  readerExportSchema,
  readerMailSchema,
  readerTokenHeaderSchema,
} from "../schemas/readers";
import { siteSettingsSchema } from "../schemas/settings";
import { describeFields } from "./describe";

const readerTokenText =
  "Bearer <readerToken>: what the browser got when it verified its address (the verification page's link back, #parley-reader=); refused with 401 when altered, of another site, expired or revoked";

describeFields(newCommentSchema, {
  readerToken:
    "The browser's reader token: with the author's own address the comment is verified (and shown so); refused with 401 when altered, of another site, expired or revoked",
  sso: "A signed-in user's payload (compact JWT, HS256 with the site's ssoSecret; docs/single-sign-on.md): the author is its user, and `author` is ignored; refused with 401 when altered, of another site, expired, too long-lived or malformed (403 where the site has no SSO secret)",
});

describeFields(readerMailSchema, {
  email: "The address to mail; the answer is the same whether or not it is known",
  purpose:
    "verify: a link that verifies the browser it is opened in; mine: a link to the page of everything the address wrote on the site",
  page: "The page asked from (on one of the site's origins): the link leads back there",
});

describeFields(readerTokenHeaderSchema, { Authorization: readerTokenText });

describeFields(readerCommentSchema, {
  body: "The Markdown source, for the edit form",
  editableUntil: "The end of the edit window: edits and deletion with the reader token until then",
});

describeFields(readerExportSchema, {
  email: "The address, as a comment or the mail kept it",
  verifiedBrowsers: "Browsers holding a reader token of the address",
});

describeFields(publicCommentSchema, {
  verified: "Posted from a browser that proved its author's address (the address stays private)",
});

describeFields(listResponseSchema.shape.config, {
  verification:
    "The site mails readers links to verify their address and to see their own comments (POST /api/readers/mail)",
});

describeFields(siteSettingsSchema, {
  knownAuthorsMustVerify:
    "With first-time moderation: a known author passes only when their comment is verified (posted with a reader token of the same address)",
});

describeFields(authorExportSchema, {
  verifiedOnSites: "Sites where a browser holds a reader token of the address (verified email)",
});
