/**
 * Disqus XML export (Admin → Community → Export). <thread> and <post> elements are
 * siblings under <disqus>, linked by `dsq:id` attributes, and a post may come before its
 * thread, so the whole export is read before anything is assembled.
 */
import { assembleThreads, SkipLog, type ThreadSource } from "./assemble";
import {
  fromIsoTime,
  locateThread,
  normalizeAddress,
  normalizeEmail,
  type ThreadLocation,
} from "./fields";
import { htmlToMarkdown, htmlToPlainText } from "./html-to-markdown";
import type { ImportedComment, ImportResult } from "./types";
import { attributeValue, childText, findChild, readXmlRecords, type XmlElement } from "./xml";

const disqusNamespace = "http://disqus.com";
const internalsNamespace = "http://disqus.com/disqus-internals";

interface DisqusThread {
  location: ThreadLocation | null;
  title: string | null;
  closed: boolean;
  deleted: boolean;
}

interface DisqusPost {
  threadId: string;
  sourceId: string;
  comment: ImportedComment | "spam" | "deleted" | "no-date";
}

export function parseDisqusExport(xml: string): ImportResult {
  const threads = new Map<string, DisqusThread>();
  const posts: DisqusPost[] = [];
  readXmlRecords(xml, {
    expected: "a Disqus export",
    checkRoot: (root) =>
      root.uri === disqusNamespace && root.local === "disqus"
        ? null
        : `its root element is <${root.local}>, not <disqus> in the ${disqusNamespace} namespace.`,
    isRecord: (name, ancestors) => ancestors.length === 1 && name.uri === disqusNamespace,
    onRecord(record) {
      const id = attributeValue(record, "id", internalsNamespace);
      if (record.local === "thread" && id !== "") threads.set(id, readThread(record));
      if (record.local === "post") posts.push(readPost(record, posts.length));
    },
  });

  const skips = new SkipLog();
  const sources = new Map<string, ThreadSource>();
  for (const post of posts) {
    const thread = threads.get(post.threadId);
    const threadKey = thread?.location?.key ?? null;
    if (typeof post.comment === "string") {
      skips.add(post.comment, post.sourceId, threadKey);
    } else if (thread?.deleted) {
      skips.add("deleted", post.sourceId, threadKey);
    } else if (!thread?.location) {
      // The thread is missing, has an empty id, or has no link to key it by.
      skips.add("orphan", post.sourceId);
    } else {
      let source = sources.get(post.threadId);
      if (!source) {
        const { location, title, closed } = thread;
        source = { ...location, title, closed, comments: [] };
        sources.set(post.threadId, source);
      }
      source.comments.push(post.comment);
    }
  }
  return assembleThreads(sources.values(), skips);
}

/**
 * Keyed by link, not by the thread's own <id> (the page identifier a site may set, empty
 * in many exports): the link is what the widget keys pages by.
 */
function readThread(thread: XmlElement): DisqusThread {
  const title = htmlToPlainText(childText(thread, "title", disqusNamespace));
  return {
    location: locateThread(childText(thread, "link", disqusNamespace)),
    title: title === "" ? null : title,
    closed: childText(thread, "isClosed", disqusNamespace) === "true",
    deleted: childText(thread, "isDeleted", disqusNamespace) === "true",
  };
}

function readPost(post: XmlElement, index: number): DisqusPost {
  const field = (name: string) => childText(post, name, disqusNamespace);
  const reference = (name: string) => {
    const element = findChild(post, name, disqusNamespace);
    return element ? attributeValue(element, "id", internalsNamespace) : "";
  };
  const author = findChild(post, "author", disqusNamespace);
  const authorField = (name: string) => (author ? childText(author, name, disqusNamespace) : "");
  const threadId = reference("thread");
  // Disqus post ids are unique across all of Disqus, so they need no scope.
  const sourceId = `disqus:${attributeValue(post, "id", internalsNamespace) || `#${index}`}`;
  if (field("isSpam") === "true") return { threadId, sourceId, comment: "spam" };
  if (field("isDeleted") === "true") return { threadId, sourceId, comment: "deleted" };
  const createdAt = fromIsoTime(field("createdAt"));
  if (!createdAt) return { threadId, sourceId, comment: "no-date" };
  const parentId = reference("parent");
  return {
    threadId,
    sourceId,
    comment: {
      sourceId,
      parentSourceId: parentId === "" ? null : `disqus:${parentId}`,
      authorName: htmlToPlainText(authorField("name") || authorField("username")),
      authorEmail: normalizeEmail(authorField("email")),
      // Disqus exports carry no website for commenters.
      authorWebsite: null,
      networkAddress: normalizeAddress(field("ipAddress")),
      body: htmlToMarkdown(findChild(post, "message", disqusNamespace)?.text ?? ""),
      createdAt,
      // Some exports mark comments still waiting in Disqus's own queue.
      status: field("isApproved") === "false" ? "pending" : "approved",
    },
  };
}
