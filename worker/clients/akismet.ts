/**
 * Akismet's REST API (akismet.com/developers): comment-check for a new comment, and
 * submit-spam / submit-ham when a moderator disagrees with it. Every failure is an
 * "unavailable" the caller falls back from; nothing here can block or lose a comment.
 */
import type { AkismetOpinion } from "../domain/posting";

const endpoint = "https://rest.akismet.com/1.1";
const timeoutMs = 2500;

/** What Akismet is told about a comment (its parameter names, in camelCase). */
export interface AkismetComment {
  /** The site's front page. */
  blog: string;
  userIp: string;
  userAgent: string | null;
  referrer: string | null;
  permalink: string;
  commentType: "comment" | "reply";
  author: string;
  /** Only where the site owner turned `akismetSendEmail` on. */
  authorEmail: string | null;
  authorUrl: string | null;
  content: string;
  dateGmt: string;
}

function formOf(key: string, comment: AkismetComment): URLSearchParams {
  const form = new URLSearchParams({
    api_key: key,
    blog: comment.blog,
    user_ip: comment.userIp,
    permalink: comment.permalink,
    comment_type: comment.commentType,
    comment_author: comment.author,
    comment_content: comment.content,
    comment_date_gmt: comment.dateGmt,
    blog_charset: "UTF-8",
  });
  const optional = {
    user_agent: comment.userAgent,
    referrer: comment.referrer,
    comment_author_email: comment.authorEmail,
    comment_author_url: comment.authorUrl,
  };
  for (const [name, value] of Object.entries(optional)) if (value) form.set(name, value);
  return form;
}

async function call(
  method: "comment-check" | "submit-spam" | "submit-ham",
  key: string,
  comment: AkismetComment,
): Promise<Response | null> {
  try {
    const response = await fetch(`${endpoint}/${method}`, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        "User-Agent": "Parley/1 | Akismet client",
      },
      body: formOf(key, comment),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.ok) return response;
    console.warn(`akismet: ${method} answered ${response.status}`);
  } catch (error) {
    console.warn(`akismet: ${method} failed: ${error instanceof Error ? error.name : "error"}`);
  }
  return null;
}

export async function checkComment(key: string, comment: AkismetComment): Promise<AkismetOpinion> {
  const response = await call("comment-check", key, comment);
  if (!response) return "unavailable";
  const verdict = (await response.text()).trim();
  if (verdict === "true") {
    // "discard": blatant spam, not worth a moderator's look.
    return response.headers.get("X-akismet-pro-tip") === "discard" ? "discard" : "spam";
  }
  if (verdict === "false") return "ham";
  // "invalid" (a bad key or missing field) and anything else: say why where the owner looks.
  const help = response.headers.get("X-akismet-debug-help");
  console.warn(
    `akismet: comment-check answered ${JSON.stringify(verdict.slice(0, 40))}${help ? ` (${help})` : ""}`,
  );
  return "unavailable";
}

/** A moderator's correction; false when Akismet could not be told (it is not retried). */
export async function submitCorrection(
  verdict: "spam" | "ham",
  key: string,
  comment: AkismetComment,
): Promise<boolean> {
  const response = await call(verdict === "spam" ? "submit-spam" : "submit-ham", key, comment);
  return response !== null;
}

/** What Akismet was told about the client, kept sealed with the comment for corrections. */
export interface AkismetContext {
  userIp: string;
  userAgent: string | null;
  referrer: string | null;
}

/** Akismet's view of a Parley comment. */
export function akismetCommentOf(input: {
  blog: string;
  context: AkismetContext;
  permalink: string;
  isReply: boolean;
  authorName: string;
  email: string | null;
  website: string | null;
  body: string;
  createdAt: string;
}): AkismetComment {
  return {
    blog: input.blog,
    ...input.context,
    permalink: input.permalink,
    commentType: input.isReply ? "reply" : "comment",
    author: input.authorName,
    authorEmail: input.email,
    authorUrl: input.website,
    content: input.body,
    dateGmt: input.createdAt,
  };
}
