import type { ContentfulStatusCode } from "hono/utils/http-status";

/** Every error code of the API contract, with the HTTP status it travels with. */
const statusByCode = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  origin_not_allowed: 403,
  thread_closed: 403,
  edit_window_closed: 403,
  not_found: 404,
  site_not_found: 404,
  method_not_allowed: 405,
  duplicate: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof statusByCode;

/** Dotted input path → human sentence, e.g. `{"author.email": "Enter a valid email address."}`. */
export type FieldErrors = Record<string, string>;

/**
 * The one error type handlers throw. `app.onError` turns it into the contract's JSON, so
 * no handler shapes error bodies itself.
 */
export class ApiError extends Error {
  readonly status: ContentfulStatusCode;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldErrors,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "ApiError";
    this.status = statusByCode[code];
  }
}

export function errorBody(error: ApiError) {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.fields && error.code === "invalid_input" ? { fields: error.fields } : {}),
    },
  };
}

// The errors more than one route answers with, so each message is written once.

export function invalidInput(fields: FieldErrors): ApiError {
  const names = Object.keys(fields).join(", ");
  return new ApiError("invalid_input", `Please correct: ${names}.`, fields);
}

export const siteNotFound = () => new ApiError("site_not_found", "There is no site with this id.");

export const commentNotFound = () => new ApiError("not_found", "There is no such comment.");

export const duplicateComment = () =>
  new ApiError("duplicate", "You have already posted this comment here.");

export const threadClosed = () =>
  new ApiError("thread_closed", "Comments on this page are closed.");

export const rateLimited = (retryAfterSeconds: number, what = "commenting") =>
  new ApiError("rate_limited", `You are ${what} too often; please wait a little.`, undefined, {
    "Retry-After": String(retryAfterSeconds),
  });

export const notYourSite = () => new ApiError("forbidden", "You do not moderate this site.");

export const ownerOnly = () => new ApiError("forbidden", "Only the owner may do this.");

/** Why a reader token (domain/reader-token.ts) is refused, each said so the reader knows what to do. */
const readerRefusals = {
  invalid: "This reader token is not valid (altered, or not Parley's); verify your email again.",
  "other-site": "This reader token belongs to another site; verify your email on this one.",
  expired: "This reader token has expired; verify your email again.",
  revoked: "This reader token was revoked; verify your email again.",
  "not-author": "This reader token is not that of the comment's author.",
} as const;

export type ReaderRefusal = keyof typeof readerRefusals;

export const readerTokenRefused = (why: ReaderRefusal) =>
  new ApiError("unauthorized", readerRefusals[why]);

/** Why a sign-in payload (domain/sso-token.ts) is refused, each said so the site's developer can fix it. */
const ssoRefusals = {
  malformed: "The sign-in payload is not a compact JWT (header.claims.signature, base64url).",
  algorithm: 'The sign-in payload must be signed with HS256 (its header\'s "alg").',
  signature: "The sign-in payload's signature does not match this site's SSO secret.",
  claims:
    "The sign-in payload's claims are incomplete or invalid: it needs sub, name, aud and exp (see docs/single-sign-on.md).",
  "other-site": "The sign-in payload was made for another site (its aud is not this site's id).",
  expired: "The sign-in payload has expired; reload the page to sign in again.",
  "too-long": "The sign-in payload expires too far ahead: at most 24 hours after it is made.",
  "not-enabled": "This site does not use single sign-on (it has no SSO secret).",
} as const;

export type SsoRefusalReason = keyof typeof ssoRefusals;

export const ssoRefused = (why: SsoRefusalReason) =>
  new ApiError(why === "not-enabled" ? "forbidden" : "unauthorized", ssoRefusals[why]);

export const anonymousCommentsOff = () =>
  new ApiError(
    "forbidden",
    "This site takes comments only from its signed-in users: sign in on the site to comment.",
  );
