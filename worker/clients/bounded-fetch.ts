/**
 * A GET to a server someone else runs (a Mastodon instance, Bluesky's AppView, a
 * Webmention's source), bounded every way it can hurt the Worker: only public http(s)
 * hosts (domain/remote-source.ts), no redirects followed (a redirect could lead to a host
 * that was never checked), a timeout, and a cap on the bytes read: a larger answer is
 * abandoned at the cap, never buffered whole.
 */
import { publicHostOf } from "../domain/remote-source";

export interface FetchLimits {
  timeoutMs: number;
  maxBytes: number;
}

export type BoundedAnswer =
  | { ok: true; status: number; text: string; contentType: string }
  | { ok: false; status: number | null; problem: string };

const userAgent = "Parley/1 (self-hosted comments; pulls public replies)";

export async function boundedGet(
  address: string,
  limits: FetchLimits,
  accept = "application/json",
): Promise<BoundedAnswer> {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return { ok: false, status: null, problem: "bad-address" };
  }
  if (!publicHostOf(url)) return { ok: false, status: null, problem: "host-not-public" };
  const signal = AbortSignal.timeout(limits.timeoutMs);
  try {
    const response = await fetch(url.href, {
      headers: { Accept: accept, "User-Agent": userAgent },
      redirect: "manual",
      signal,
    });
    if (!response.ok) {
      await response.body?.cancel();
      return { ok: false, status: response.status, problem: `http-${response.status}` };
    }
    const declared = Number(response.headers.get("Content-Length") ?? "0");
    if (declared > limits.maxBytes) {
      await response.body?.cancel();
      return { ok: false, status: response.status, problem: "too-large" };
    }
    const text = await readCapped(response, limits.maxBytes);
    if (text === null) return { ok: false, status: response.status, problem: "too-large" };
    return {
      ok: true,
      status: response.status,
      text,
      contentType: response.headers.get("Content-Type") ?? "",
    };
  } catch (error) {
    const timedOut = signal.aborted || (error instanceof Error && error.name === "TimeoutError");
    return { ok: false, status: null, problem: timedOut ? "timeout" : "unreachable" };
  }
}

/** The body as text, or null once it passes `maxBytes` (the rest is not read). */
async function readCapped(response: Response, maxBytes: number): Promise<string | null> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}
