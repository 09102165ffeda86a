/**
 * Tells moderators that a comment waits for review by POSTing a small JSON summary to the
 * site's webhook. Runs after the response (waitUntil) with a timeout, and never throws:
 * the comment is already stored, and a broken webhook must not change that.
 * The summary never includes the author's email.
 */
import type { CommentRecord } from "../domain/comment";
import type { Site } from "../domain/site";

const timeoutMs = 5000;
const excerptLength = 280;

export interface HeldComment extends Pick<
  CommentRecord,
  "id" | "authorName" | "body" | "reasons" | "createdAt" | "status"
> {
  threadKey: string;
  threadTitle: string | null;
}

function webhookPayload(site: Site, comment: HeldComment, reviewUrl: string) {
  // Cut by code point, so an emoji at the cut is not split into a broken half.
  const characters = [...comment.body];
  const excerpt =
    characters.length > excerptLength
      ? `${characters.slice(0, excerptLength - 1).join("")}…`
      : comment.body;
  const page = comment.threadTitle ?? comment.threadKey;
  const text = `New comment awaiting review on ${site.name} (${page}) by ${comment.authorName || "anonymous"}: ${excerpt}`;
  return {
    // Slack shows `text`, Discord shows `content`; the rest is for programs. Both come from
    // strangers' input, so neither may ping anyone: Slack reads `<!channel>`, `<@U…>` and
    // `<url|label>` as markup unless &, < and > are escaped; Discord needs allowed_mentions.
    text: escapeSlack(text),
    content: text,
    allowed_mentions: { parse: [] },
    event: "comment.pending",
    site: { id: site.id, name: site.name },
    thread: { key: comment.threadKey, title: comment.threadTitle },
    comment: {
      id: comment.id,
      author: comment.authorName,
      excerpt,
      reasons: comment.reasons,
      createdAt: comment.createdAt,
    },
    reviewUrl,
  };
}

/** Slack's "escape these three characters" rule for message text. */
function escapeSlack(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

export async function notifyModerators(
  site: Site,
  comment: HeldComment,
  /** A signed link to a page where the comment can be approved, marked spam or rejected. */
  reviewUrl: string,
): Promise<void> {
  const url = site.settings.notifyWebhookUrl;
  if (!url) return;
  const payload = webhookPayload(site, comment, reviewUrl);
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "User-Agent": "Parley-Webhook/1" },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) console.warn(`webhook for site ${site.id} answered ${response.status}`);
  } catch (error) {
    console.warn(
      `webhook for site ${site.id} failed: ${error instanceof Error ? error.name : "error"}`,
    );
  }
}
