/**
 * Validators for the public reads. The tag is a hash of what the answer says (minus parts
 * that differ per request, such as a fresh form token), so any write that changes a list
 * or a count changes its tag, and a cache holding the old answer gets the new one on its
 * next revalidation: invalidation needs no bookkeeping.
 */
import { toBase64Url } from "./keys";

/** Caches may keep the answer but must revalidate it every time: new comments show at once. */
export const publicCacheControl = "no-cache";

export function contentTag(content: unknown): Promise<string> {
  return jsonTag(JSON.stringify(content));
}

/** contentTag of the content whose JSON this is, for a caller that already has the JSON. */
export async function jsonTag(json: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(json));
  return `"${toBase64Url(digest).slice(0, 27)}"`;
}

/** RFC 9110 If-None-Match: a list of tags (weak ones compare equal too) or `*`. */
export function matchesIfNoneMatch(header: string | undefined, tag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  return header.split(",").some((candidate) => candidate.trim().replace(/^W\//, "") === tag);
}
