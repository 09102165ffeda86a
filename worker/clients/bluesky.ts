/**
 * Bluesky's public AppView (https://public.api.bsky.app), unauthenticated, as bsky.app
 * reads it for a logged-out visitor: `com.atproto.identity.resolveHandle` turns a handle
 * into its DID once, when a page is linked, and `app.bsky.feed.getPostThread` answers a
 * post with its replies nested (https://docs.bsky.app/docs/api/app-bsky-feed-get-post-thread).
 */
import * as z from "zod";
import { boundedGet, type FetchLimits } from "./bounded-fetch";
import type { PullAnswer } from "./mastodon";
import { blueskyAppView } from "../domain/remote-source";
import { blueskyTextToMarkdown, type LinkFacet } from "../domain/remote-markdown";
import type { RemoteReply } from "../domain/remote-replies";

/** How deep the replies are asked for (the AppView allows up to 1000). */
export const blueskyDepth = 20;

const xrpc = `https://${blueskyAppView}/xrpc`;

export async function resolveHandle(
  handle: string,
  limits: FetchLimits,
): Promise<{ did: string } | { problem: string }> {
  const answer = await boundedGet(
    `${xrpc}/com.atproto.identity.resolveHandle?handle=${encodeURIComponent(handle)}`,
    limits,
  );
  if (!answer.ok) return { problem: answer.status === 400 ? "unknown-handle" : answer.problem };
  const parsed = z
    .object({ did: z.string().regex(/^did:[a-z]+:[A-Za-z0-9._:%-]{1,2048}$/) })
    .safeParse(safeJson(answer.text));
  return parsed.success ? { did: parsed.data.did } : { problem: "malformed" };
}

const facetSchema = z.object({
  index: z.object({ byteStart: z.number().int(), byteEnd: z.number().int() }),
  features: z.array(z.object({ $type: z.string(), uri: z.string().max(2048).optional() })),
});

const postSchema = z.object({
  uri: z.string().max(2048),
  indexedAt: z.string().max(64).optional(),
  author: z.object({
    did: z.string().max(2048),
    handle: z.string().max(253),
    displayName: z.string().max(640).optional(),
  }),
  record: z.object({
    text: z.string().max(100_000),
    createdAt: z.string().max(64),
    facets: z.array(z.unknown()).optional(),
  }),
});

interface ThreadNode {
  $type?: unknown;
  post?: unknown;
  replies?: unknown;
}

export async function fetchBlueskyReplies(
  postUri: string,
  limits: FetchLimits,
  maxReplies: number,
): Promise<PullAnswer> {
  const answer = await boundedGet(
    `${xrpc}/app.bsky.feed.getPostThread?uri=${encodeURIComponent(postUri)}&depth=${blueskyDepth}&parentHeight=0`,
    limits,
  );
  if (!answer.ok) {
    // The AppView answers a deleted post 400 with error "NotFound".
    if (answer.status === 400 || answer.status === 404 || answer.status === 410) {
      return { outcome: "gone" };
    }
    return { outcome: "failed", problem: answer.problem };
  }
  const body = safeJson(answer.text) as { thread?: ThreadNode } | null;
  const root = body?.thread;
  if (!root || typeof root !== "object") return { outcome: "failed", problem: "malformed" };
  if (root.$type === "app.bsky.feed.defs#notFoundPost") return { outcome: "gone" };
  if (root.$type !== "app.bsky.feed.defs#threadViewPost") {
    return { outcome: "failed", problem: "malformed" };
  }
  const replies: RemoteReply[] = [];
  let complete = true;
  // Walked without recursion, parents first, so a deeply nested answer cannot exhaust the stack.
  const queue: { node: ThreadNode; parent: string | null; depth: number }[] = childrenOf(root).map(
    (node) => ({ node, parent: null, depth: 1 }),
  );
  for (let at = 0; at < queue.length; at++) {
    const { node, parent, depth } = queue[at]!;
    if (node.$type !== "app.bsky.feed.defs#threadViewPost") continue;
    const parsed = postSchema.safeParse(node.post);
    if (!parsed.success) continue;
    if (replies.length >= maxReplies) {
      complete = false;
      break;
    }
    const reply = toReply(parsed.data, parent);
    if (!reply) continue;
    replies.push(reply);
    // The answer stops at the depth asked for: what lies below was not read.
    if (depth >= blueskyDepth) complete = false;
    else {
      for (const child of childrenOf(node)) {
        queue.push({ node: child, parent: reply.remoteId, depth: depth + 1 });
      }
    }
  }
  return { outcome: "replies", replies, complete };
}

function childrenOf(node: ThreadNode): ThreadNode[] {
  return Array.isArray(node.replies)
    ? node.replies.filter(
        (child): child is ThreadNode => typeof child === "object" && child !== null,
      )
    : [];
}

function toReply(post: z.infer<typeof postSchema>, parent: string | null): RemoteReply | null {
  const rkey = /^at:\/\/[^/]+\/app\.bsky\.feed\.post\/([A-Za-z0-9._:~-]+)$/.exec(post.uri)?.[1];
  if (!rkey || !/^[a-z0-9.-]+$/i.test(post.author.handle)) return null;
  const profile = `https://bsky.app/profile/${post.author.handle}`;
  return {
    remoteId: post.uri,
    parentRemoteId: parent,
    authorName: post.author.displayName?.trim() || post.author.handle,
    profileUrl: profile,
    originalUrl: `${profile}/post/${rkey}`,
    createdAt: post.record.createdAt,
    // A Bluesky post is not edited; a changed text is taken as an edit when it is seen.
    editedAt: null,
    body: blueskyTextToMarkdown(post.record.text, linkFacets(post.record.facets ?? [])),
  };
}

function linkFacets(facets: unknown[]): LinkFacet[] {
  const links: LinkFacet[] = [];
  for (const facet of facets) {
    const parsed = facetSchema.safeParse(facet);
    if (!parsed.success) continue;
    const link = parsed.data.features.find(
      (feature) => feature.$type === "app.bsky.richtext.facet#link" && feature.uri,
    );
    if (link) links.push({ ...parsed.data.index, uri: link.uri! });
  }
  return links;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
