import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import { ApiError } from "../errors";

/**
 * How much of a refused body is still read (and dropped) so the connection stays usable:
 * answering while the client is still sending leaves the rest of its upload on a keep-alive
 * connection, and the next request on it hung behind `wrangler dev`'s proxy. Past this,
 * the rest is cancelled: a client sending that much more is not one to keep talking to.
 */
const drainBytes = 1024 * 1024;

/**
 * The body of a request refused unread (a wrong moderator token, say): up to `drainBytes`
 * of it is read and dropped, nothing kept, so the connection stays usable; the rest of a
 * larger one is cancelled.
 */
export async function discardBody(request: Request): Promise<void> {
  const reader = request.body?.getReader();
  if (!reader) return;
  try {
    let size = 0;
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      size += read.value.byteLength;
      if (size > drainBytes) break;
    }
    await reader.cancel();
  } catch {
    // The client went away: nothing left to drop.
  }
}

/**
 * Refuses bodies over `maxBytes` with 413, counting the bytes as they stream in, so a
 * chunked upload (no Content-Length) or a lying Content-Length cannot get past (RFC 9112
 * §6.3: Transfer-Encoding wins over Content-Length). The accepted body is handed on whole.
 */
export function bodyLimit(maxBytes: number, label: string): MiddlewareHandler<AppEnv> {
  return async function bodyLimit(c, next) {
    const body = c.req.raw.body;
    // HTTP gives a GET or HEAD body no meaning (RFC 9110 §9.3.1), and a Request cannot carry
    // one: it is left unread rather than rebuilt.
    if (!body || c.req.method === "GET" || c.req.method === "HEAD") return next();
    const tooLarge = () =>
      new ApiError("payload_too_large", `The request body is larger than ${label}.`);
    const reader = body.getReader();
    const declared = Number(c.req.header("Content-Length") ?? Number.NaN);
    if (!c.req.header("Transfer-Encoding") && declared > maxBytes + drainBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      size += read.value.byteLength;
      if (size > maxBytes + drainBytes) {
        await reader.cancel();
        throw tooLarge();
      }
      if (size <= maxBytes) chunks.push(read.value);
    }
    if (size > maxBytes) throw tooLarge();
    const whole = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      whole.set(chunk, offset);
      offset += chunk.byteLength;
    }
    c.req.raw = new Request(c.req.raw, { body: whole });
    await next();
  };
}
