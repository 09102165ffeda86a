import { describe, expect, it } from "vitest";
import {
  call,
  commentPayload,
  expectError,
  listComments,
  openSite,
  origin,
  unique,
} from "../helpers";

function postRaw(body: BodyInit, headers: Record<string, string> = {}, extra: RequestInit = {}) {
  return call("/api/comments", {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body,
    ...extra,
  });
}

/** Valid JSON padded with whitespace to `bytes`: only its size can be wrong. */
function padded(payload: string, bytes: number): string {
  return `${payload.slice(0, -1)}${" ".repeat(bytes - payload.length)}}`;
}

/** A body pulled in 8 KiB chunks as the Worker reads it, so it has no Content-Length. */
function streamOf(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + 8192));
      offset += 8192;
    },
  });
}

describe("request bodies", () => {
  it("answers 413 for a body over 64 KiB sent with a Content-Length", async () => {
    const site = await openSite();
    const page = unique("/big");
    const payload = JSON.stringify(commentPayload({ site, page }));
    await expectError(await postRaw(padded(payload, 64 * 1024 + 1)), 413, "payload_too_large");
    expect((await listComments(site, page)).thread.count).toBe(0);
    expect((await postRaw(padded(payload, 64 * 1024))).status).toBe(201);
  });

  it("answers 413 for a body over 64 KiB streamed without a Content-Length", async () => {
    const site = await openSite();
    const page = unique("/chunked");
    const payload = JSON.stringify(commentPayload({ site, page }));
    // Once the Worker stops reading, workerd logs "read end of pipe was aborted": expected.
    const res = await postRaw(streamOf(padded(payload, 100 * 1024)), {}, {
      duplex: "half",
    } as RequestInit);
    await expectError(res, 413, "payload_too_large");
    expect((await listComments(site, page)).thread.count).toBe(0);
    const small = await postRaw(streamOf(padded(payload, 20 * 1024)), {}, {
      duplex: "half",
    } as RequestInit);
    expect(small.status).toBe(201);
  });

  it("answers 415 unless the body says it is JSON", async () => {
    const site = await openSite();
    const body = JSON.stringify(commentPayload({ site, page: unique("/type") }));
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "application/jsonp"]) {
      await expectError(
        await postRaw(body, { "Content-Type": type }),
        415,
        "unsupported_media_type",
      );
    }
    await expectError(
      await call("/api/comments", { method: "POST", body }),
      415,
      "unsupported_media_type",
    );
    const charset = await postRaw(body, { "Content-Type": "application/json; charset=utf-8" });
    expect(charset.status).toBe(201);
  });

  it("answers 400 for a body that is not JSON", async () => {
    for (const text of ["{", "", "nope", "[1,"]) {
      await expectError(await postRaw(text), 400, "invalid_input");
    }
    await expectError(await postRaw("null"), 400, "invalid_input");
    await expectError(await postRaw("[]"), 400, "invalid_input");
  });

  it("holds every public endpoint with a body to the same rules", async () => {
    const site = await openSite();
    const big = JSON.stringify({ site, body: "x".repeat(65 * 1024) });
    const preview = await call("/api/preview", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: big,
    });
    await expectError(preview, 413, "payload_too_large");
    const posted = await (
      await postRaw(JSON.stringify(commentPayload({ site, page: unique("/edit") })))
    ).json<{ comment: { id: string }; editToken: string }>();
    const edit = await call(`/api/comments/${posted.comment.id}`, {
      method: "PATCH",
      headers: { "Content-Type": "text/plain", Authorization: `Bearer ${posted.editToken}` },
      body: JSON.stringify({ body: "edited" }),
    });
    await expectError(edit, 415, "unsupported_media_type");
  });

  it("checks the moderator's token before it reads a byte of the body", async () => {
    const site = await openSite();
    let pulled = 0;
    const chunk = new Uint8Array(64 * 1024).fill(32);
    // 50 MB of JSON whitespace, handed out only as the Worker asks for it.
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= 50 * 1024 * 1024) return controller.close();
        pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const res = await call(`/api/mod/import?site=${site}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: "Bearer wrong-token" },
      body,
      duplex: "half",
    } as RequestInit);
    await expectError(res, 401, "unauthorized");
    // What a stream hands out before anyone reads (its queue, a pipe's buffer), no more.
    expect(pulled).toBeLessThan(2 * 1024 * 1024);
  });

  it("answers a multipart form it cannot read as bad input, never a 500", async () => {
    const broken = { "Content-Type": "multipart/form-data; boundary=x", Origin: origin };
    const link = await call("/mail/link?t=x", { method: "POST", headers: broken, body: "t=x" });
    expect(link.status).toBe(400);
    const form = await call("/api/comments/form", { method: "POST", headers: broken, body: "a=b" });
    expect(form.status).toBe(400);
    expect(form.headers.get("Content-Type")).toMatch(/^text\/html/);
  });
});
