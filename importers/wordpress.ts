/**
 * WordPress eXtended RSS (WXR) 1.0–1.2: Tools → Export in WordPress, and WordPress.com.
 * Each <item> is a post (or page, attachment…) with its <wp:comment>s; comment ids are
 * only unique within a site, and merged exports repeat them, so parents are resolved
 * within their item.
 */
import { assembleThreads, SkipLog, type ThreadSource } from "./assemble";
import {
  fromWordPressTime,
  locateThread,
  normalizeAddress,
  normalizeEmail,
  normalizeWebsite,
  type ThreadLocation,
} from "./fields";
import { htmlToMarkdown, htmlToPlainText } from "./html-to-markdown";
import type { ImportedComment, ImportedStatus, ImportResult, SkipReason } from "./types";
import { childText, findChild, readXmlRecords, type XmlElement } from "./xml";

export interface WordPressImportOptions {
  /** Import pingbacks and trackbacks as comments; by default they are skipped. */
  includePingbacks?: boolean;
}

/**
 * The `wp` namespace moved from http to https at some point, and its version follows the
 * WXR version; real exports carry every combination.
 */
const isWordPressNamespace = (uri: string) =>
  /^https?:\/\/wordpress\.org\/export\/1\.\d+\/$/.test(uri);

/** A Map, not an object literal, so a value like "constructor" finds nothing. */
const statusByApproval = new Map<string, ImportedStatus | SkipReason>([
  ["1", "approved"],
  ["0", "pending"],
  ["spam", "spam"],
  ["trash", "deleted"],
  // Comments of a trashed post.
  ["post-trashed", "deleted"],
]);

export function parseWordPressExport(
  xml: string,
  options: WordPressImportOptions = {},
): ImportResult {
  const skips = new SkipLog();
  const sources: ThreadSource[] = [];
  readXmlRecords(xml, {
    expected: "a WordPress export (WXR)",
    checkRoot(root, namespaces) {
      if (root.uri !== "" || root.local !== "rss")
        return `its root element is <${root.local}>, not <rss>.`;
      if (!namespaces.some(isWordPressNamespace)) {
        return "it does not declare the WordPress export namespace (wordpress.org/export/1.x/).";
      }
      return null;
    },
    isRecord: (name, ancestors) =>
      name.uri === "" && name.local === "item" && ancestors.at(-1)?.local === "channel",
    onRecord(item) {
      const source = readItem(item, options, skips);
      if (source) sources.push(source);
    },
  });
  return assembleThreads(sources, skips);
}

function readItem(
  item: XmlElement,
  options: WordPressImportOptions,
  skips: SkipLog,
): ThreadSource | null {
  const postId = childText(item, "post_id", isWordPressNamespace);
  // Without a link, WordPress itself still serves the post at /?p=<id>.
  const linked: ThreadLocation | null =
    locateThread(childText(item, "link")) ?? (postId ? { key: `/?p=${postId}`, url: null } : null);
  // Parley's own WXR export names a page key that is not a path (a `data-page-key` slug).
  const pageKey = metaValue(item, "postmeta", "parley_page_key");
  const location = pageKey ? { key: pageKey, url: linked?.url ?? null } : linked;
  const commentElements = item.children.filter(
    (child) => child.local === "comment" && isWordPressNamespace(child.uri),
  );
  if (!location) {
    for (const _ of commentElements) skips.add("unknown-page");
    return null;
  }
  // Scoping source ids by post keeps them unique in exports that repeat comment ids.
  const scope = `wordpress:${postId || location.key}`;
  const postTime = fromWordPressTime(childText(item, "post_date_gmt", isWordPressNamespace));
  const comments: ImportedComment[] = [];
  commentElements.forEach((element, index) => {
    const comment = readComment(element, { scope, index, postTime, options });
    if ("reason" in comment) skips.add(comment.reason, comment.sourceId, location.key);
    else comments.push(comment);
  });
  const title = htmlToPlainText(childText(item, "title"));
  return {
    ...location,
    title: title === "" ? null : title,
    closed: childText(item, "comment_status", isWordPressNamespace) === "closed",
    comments,
  };
}

interface CommentContext {
  scope: string;
  index: number;
  postTime: string | null;
  options: WordPressImportOptions;
}

function readComment(
  comment: XmlElement,
  context: CommentContext,
): ImportedComment | { reason: SkipReason; sourceId: string } {
  const field = (name: string) => childText(comment, `comment_${name}`, isWordPressNamespace);
  const sourceId = `${context.scope}:${field("id") || `#${context.index}`}`;
  const skip = (reason: SkipReason) => ({ reason, sourceId });

  // Values WordPress may add later are held for review rather than published or lost.
  const status = statusByApproval.get(field("approved")) ?? "pending";
  // A trashed comment stays only as a tombstone, and only if replies hang below it (the
  // threads' assembly drops the rest as "deleted"), so its replies keep their place.
  // (Comments of a trashed post, "post-trashed", go with their post.)
  const trashed = field("approved") === "trash";
  if (status !== "approved" && status !== "pending" && !trashed) return skip(status);

  const type = field("type");
  if (type === "pingback" || type === "trackback") {
    if (!context.options.includePingbacks) return skip("pingback");
  } else if (type !== "" && type !== "comment") {
    // Plugins store private records as comments (WooCommerce order notes, for one).
    return skip("unsupported-type");
  }

  // The _gmt field is empty or zero on some drafts and old exports; the local time is
  // then the best there is, read as UTC because WXR does not record the site's zone.
  const createdAt =
    fromWordPressTime(field("date_gmt")) ?? fromWordPressTime(field("date")) ?? context.postTime;
  if (!createdAt) return skip("no-date");

  const parent = field("parent");
  const content = findChild(comment, "comment_content", isWordPressNamespace)?.text ?? "";
  return {
    sourceId,
    parentSourceId: parent === "" || parent === "0" ? null : `${context.scope}:${parent}`,
    authorName: htmlToPlainText(field("author")),
    authorEmail: normalizeEmail(field("author_email")),
    authorWebsite: normalizeWebsite(field("author_url")),
    networkAddress: normalizeAddress(field("author_IP")),
    body: htmlToMarkdown(content, { newlinesAreBreaks: true }),
    createdAt,
    ...(status === "approved" || status === "pending"
      ? { status }
      : { status: "approved", deletedAt: trashTime(comment) ?? createdAt }),
  };
}

/**
 * When a `trash` comment was trashed: WordPress keeps it as the comment's
 * `_wp_trash_meta_time` (Unix seconds); null when the export lacks it.
 */
function trashTime(comment: XmlElement): string | null {
  const seconds = Number(metaValue(comment, "commentmeta", "_wp_trash_meta_time"));
  return Number.isInteger(seconds) && seconds > 0 ? new Date(seconds * 1000).toISOString() : null;
}

/** A `<wp:postmeta>` or `<wp:commentmeta>` value by its key; "" when absent. */
function metaValue(parent: XmlElement, kind: "postmeta" | "commentmeta", key: string): string {
  const meta = parent.children.find(
    (child) =>
      child.local === kind &&
      isWordPressNamespace(child.uri) &&
      childText(child, "meta_key", isWordPressNamespace) === key,
  );
  return meta ? childText(meta, "meta_value", isWordPressNamespace) : "";
}
