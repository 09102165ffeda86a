/**
 * A site's comments as WordPress eXtended RSS 1.2, the file WordPress (Tools → Import) and
 * Disqus (its WordPress importer) take: one <item> per thread with its <wp:comment>s, so an
 * owner can leave Parley for either. Pure: the route streams the pieces.
 *
 * What WXR cannot say is mapped to the nearest thing it can: `rejected` becomes `trash`;
 * a tombstone (a deleted comment kept for its replies) is a `trash` comment with no text and
 * WordPress's own `_wp_trash_meta_time`, so the replies keep their parent; a page key that
 * is not a path goes with the item as `parley_page_key` (Parley's importer reads it back).
 * Names and titles are written as WordPress holds them, HTML-escaped (importers read them
 * as HTML); bodies as their rendered, sanitised HTML.
 */
import type { CommentRecord } from "./comment";
import { escapeHtml } from "./render";

/** What an item needs of its thread. */
export interface WxrThread {
  /** Numeric, as WXR's `post_id`. */
  id: number;
  key: string;
  url: string | null;
  title: string | null;
  closed: boolean;
  createdAt: string;
}

/** A comment with what WXR needs beside it: numbers for ids, and the email opened. */
export interface WxrComment {
  comment: CommentRecord;
  number: number;
  parentNumber: number;
  email: string | null;
}

const approvalByStatus = { approved: "1", pending: "0", spam: "spam", rejected: "trash" } as const;

// Characters XML 1.0 cannot hold at all, escaped or not: C0 controls other than tab,
// newline and carriage return, and the two non-characters.
const notXml = /(?![\t\n\r])[\p{Cc}\uFFFE\uFFFF]/gu;

/** Text between tags: escaped, and what XML cannot carry left out. */
export function xmlText(value: string): string {
  return value
    .replace(notXml, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}

/** Markup-heavy text (HTML bodies, names) as CDATA, as WordPress writes it; `]]>` split. */
function cdata(value: string): string {
  return `<![CDATA[${value.replace(notXml, "").replace(/]]>/g, "]]]]><![CDATA[>")}]]>`;
}

/** WordPress's own date format, "2026-12-07 10:00:00", here always UTC. */
const wordpressTime = (iso: string) => iso.slice(0, 19).replace("T", " ");

export function wxrHead(site: { name: string; origins: string[] }, exportedAt: string): string {
  const home = site.origins[0] ?? "";
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>${cdata(escapeHtml(site.name))}</title>
<link>${xmlText(home)}</link>
<description></description>
<pubDate>${new Date(exportedAt).toUTCString()}</pubDate>
<generator>Parley</generator>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>${xmlText(home)}</wp:base_site_url>
<wp:base_blog_url>${xmlText(home)}</wp:base_blog_url>
`;
}

export const wxrTail = "</channel>\n</rss>\n";

/** One thread as a post with its comments; `home` makes a link of a path-only key. */
export function wxrItem(thread: WxrThread, comments: WxrComment[], home: string): string {
  const link = thread.url ?? new URL(thread.key, home || "https://invalid.example").href;
  const keyMeta = thread.key.startsWith("/")
    ? ""
    : `<wp:postmeta><wp:meta_key>parley_page_key</wp:meta_key><wp:meta_value>${cdata(thread.key)}</wp:meta_value></wp:postmeta>\n`;
  return `<item>
<title>${cdata(escapeHtml(thread.title ?? ""))}</title>
<link>${xmlText(link)}</link>
<guid isPermaLink="false">${xmlText(link)}</guid>
<wp:post_id>${thread.id}</wp:post_id>
<wp:post_date_gmt>${wordpressTime(thread.createdAt)}</wp:post_date_gmt>
<wp:comment_status>${thread.closed ? "closed" : "open"}</wp:comment_status>
<wp:status>publish</wp:status>
<wp:post_type>post</wp:post_type>
${keyMeta}${comments.map(wxrComment).join("")}</item>
`;
}

function wxrComment({ comment, number, parentNumber, email }: WxrComment): string {
  const deleted = comment.deletedAt !== null;
  const trashed = deleted
    ? `<wp:commentmeta><wp:meta_key>_wp_trash_meta_time</wp:meta_key><wp:meta_value>${Math.floor(Date.parse(comment.deletedAt!) / 1000)}</wp:meta_value></wp:commentmeta>\n`
    : "";
  return `<wp:comment>
<wp:comment_id>${number}</wp:comment_id>
<wp:comment_author>${cdata(escapeHtml(comment.authorName))}</wp:comment_author>
<wp:comment_author_email>${xmlText(email ?? "")}</wp:comment_author_email>
<wp:comment_author_url>${xmlText(comment.authorWebsite ?? "")}</wp:comment_author_url>
<wp:comment_date>${wordpressTime(comment.createdAt)}</wp:comment_date>
<wp:comment_date_gmt>${wordpressTime(comment.createdAt)}</wp:comment_date_gmt>
<wp:comment_content>${cdata(comment.html)}</wp:comment_content>
<wp:comment_approved>${deleted ? "trash" : approvalByStatus[comment.status]}</wp:comment_approved>
<wp:comment_type>comment</wp:comment_type>
<wp:comment_parent>${parentNumber}</wp:comment_parent>
${trashed}</wp:comment>
`;
}

/**
 * A comment's number in WXR, which WordPress and Disqus expect to be numeric: 48 bits of
 * the SHA-256 of its Parley id, so every export of a site numbers a comment alike (an
 * importer keyed on it adds nothing the second time) and two comments of one thread, where
 * parents are resolved, practically never share one.
 */
export async function wxrNumber(id: string): Promise<number> {
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", new TextEncoder().encode(id)),
  );
  return digest.subarray(0, 6).reduce((number, byte) => number * 256 + byte, 0) + 1;
}
