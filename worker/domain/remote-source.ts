/**
 * Where a page's conversation goes on elsewhere: a Mastodon status or a Bluesky post a
 * moderator linked the page to, read from the address they pasted. Pure: resolving a
 * Bluesky handle to its DID is the client's (clients/bluesky.ts).
 */

export const remoteKinds = ["mastodon", "bluesky"] as const;
export type RemoteKind = (typeof remoteKinds)[number];

/** Every kind of source a comment may have: the linked networks and Webmention. */
export const sourceKinds = [...remoteKinds, "webmention"] as const;
export type SourceKind = (typeof sourceKinds)[number];

/** How the thread fragment names a source (the widget capitalises the kind with CSS). */
export const sourceNames: Record<SourceKind, string> = {
  mastodon: "Mastodon",
  bluesky: "Bluesky",
  webmention: "Webmention",
};

/** Bluesky's public AppView: reads without an account, as any logged-out visitor's. */
export const blueskyAppView = "public.api.bsky.app";

export type RemotePost =
  | { kind: "mastodon"; url: string; host: string; statusId: string }
  | {
      kind: "bluesky";
      url: string;
      /** A DID (did:plc:…, did:web:…) or a handle still to resolve. */
      actor: string;
      rkey: string;
    };

/**
 * The post an address names, or a sentence saying why it names none. Mastodon's own forms
 * (`https://host/@user/123`, `https://host/@user@elsewhere/123`, `https://host/users/user/statuses/123`),
 * Bluesky's web address (`https://bsky.app/profile/handle-or-did/post/rkey`) and an
 * `at://did/app.bsky.feed.post/rkey` URI.
 */
export function parseRemotePost(kind: RemoteKind, address: string): RemotePost | string {
  const text = address.trim();
  if (kind === "bluesky" && text.startsWith("at://")) {
    const match = /^at:\/\/([^/]+)\/app\.bsky\.feed\.post\/([A-Za-z0-9._:~-]{1,512})$/.exec(text);
    if (!match || !isActor(match[1]!)) return "Paste the post's at:// URI or its bsky.app address.";
    return { kind, url: text, actor: match[1]!, rkey: match[2]! };
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "Paste the post's full address, starting with https://.";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "Use an http(s) address.";
  const host = publicHostOf(url);
  if (!host) return "The address must name a public host (no IP address, no local name).";
  const path = url.pathname;
  if (kind === "mastodon") {
    const match =
      /^\/@[^/]+\/(\d{1,30})\/?$/.exec(path) ??
      /^\/users\/[^/]+\/statuses\/(\d{1,30})\/?$/.exec(path);
    if (!match) return "Paste the address of one Mastodon post (https://instance/@user/123…).";
    return { kind, url: url.href, host, statusId: match[1]! };
  }
  const match = /^\/profile\/([^/]+)\/post\/([A-Za-z0-9._:~-]{1,512})\/?$/.exec(path);
  if (host !== "bsky.app" || !match || !isActor(decodeURIComponent(match[1]!))) {
    return "Paste the post's address on bsky.app (https://bsky.app/profile/…/post/…).";
  }
  return { kind, url: url.href, actor: decodeURIComponent(match[1]!), rkey: match[2]! };
}

/** A DID, or a handle (a domain name). */
function isActor(actor: string): boolean {
  return /^did:[a-z]+:[A-Za-z0-9._:%-]{1,2048}$/.test(actor) || isDomainName(actor.toLowerCase());
}

export function isDid(actor: string): boolean {
  return actor.startsWith("did:");
}

/** The at:// URI of a Bluesky post by a DID. */
export function postUri(did: string, rkey: string): string {
  return `at://${did}/app.bsky.feed.post/${rkey}`;
}

/**
 * The host of an http(s) URL when it is a public name: never an IP literal, `localhost`, a
 * name with no dot, or a name kept for private networks (.local, .internal, .lan, …), so a
 * moderator's link or a Webmention's source cannot make the Worker ask a private service.
 * Default ports only: a public API answers on 443 (or 80).
 */
export function publicHostOf(url: URL): string | null {
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  if (url.port !== "" || url.username !== "" || url.password !== "") return null;
  const host = url.hostname.toLowerCase().replace(/\.$/, "");
  // The URL parser writes an IPv6 literal in brackets and normalises every IPv4 form
  // (decimal, hex, short) to dotted quads.
  if (host.startsWith("[") || /^\d+\.\d+\.\d+\.\d+$/.test(host)) return null;
  if (!isDomainName(host)) return null;
  const last = host.slice(host.lastIndexOf(".") + 1);
  if (privateSuffixes.has(last) || host === "localhost" || host.endsWith(".localhost")) return null;
  return host;
}

/** Top-level names that never lead to a public host (RFC 6761, 6762, 8375 and common use). */
const privateSuffixes = new Set([
  "localhost",
  "local",
  "internal",
  "intranet",
  "lan",
  "home",
  "corp",
  "private",
  "test",
  "invalid",
  "example",
  "arpa",
]);

function isDomainName(host: string): boolean {
  return (
    host.length <= 253 &&
    /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/.test(host)
  );
}
