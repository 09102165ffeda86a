/**
 * The Worker over real HTTP (wrangler dev), where connections and static assets exist:
 * what the in-process Worker tests cannot see.
 */
import http from "node:http";
import { afterAll, describe, expect, it } from "vitest";
import { env } from "./helpers";

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
afterAll(() => agent.destroy());

interface Answer {
  status: number;
  body: string;
  /** Which connection answered, to tell that a second request reused the first one's. */
  socket: unknown;
}

/** One request on the shared keep-alive connection; `chunked` sends no Content-Length. */
function request(method: string, path: string, body?: Buffer, chunked = false): Promise<Answer> {
  const url = new URL(path, env().workerOrigin);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path: url.pathname + url.search,
        agent,
        timeout: 10_000,
        headers: {
          "Content-Type": "application/json",
          ...(body && !chunked ? { "Content-Length": body.length } : {}),
          ...(chunked ? { "Transfer-Encoding": "chunked" } : {}),
        },
      },
      (res) => {
        let text = "";
        res.on("data", (chunk) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode!, body: text, socket: req.socket }));
      },
    );
    req.on("timeout", () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on("error", reject);
    if (body)
      for (let at = 0; at < body.length; at += 8192) req.write(body.subarray(at, at + 8192));
    req.end();
  });
}

/**
 * An upload the server may answer before reading it, on a connection of its own: the
 * status it answered, whatever becomes of the rest of the upload (the server may close
 * the connection under it: EPIPE or ECONNRESET once the answer is in).
 */
function refusedUpload(path: string, body: Buffer): Promise<number> {
  const url = new URL(path, env().workerOrigin);
  return new Promise((resolve, reject) => {
    let status: number | undefined;
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: "POST",
        path: url.pathname + url.search,
        agent: false,
        timeout: 10_000,
        headers: { "Content-Type": "application/json", "Content-Length": body.length },
      },
      (res) => {
        status = res.statusCode;
        res.on("error", () => resolve(status!));
        res.on("close", () => resolve(status!));
        res.resume();
      },
    );
    req.on("timeout", () => req.destroy(new Error(`POST ${path} timed out`)));
    req.on("error", (error) => (status === undefined ? reject(error) : resolve(status)));
    req.end(body);
  });
}

describe("refused bodies", () => {
  it("answer 413 and leave the keep-alive connection usable, chunked or not", async () => {
    const tooLarge = Buffer.alloc(80 * 1024, "a");
    for (const chunked of [true, false]) {
      const refused = await request("POST", "/api/comments", tooLarge, chunked);
      expect(refused.status).toBe(413);
      expect(JSON.parse(refused.body).error.code).toBe("payload_too_large");
      const next = await request("GET", "/healthz");
      expect(next).toMatchObject({ status: 200, body: '{"ok":true}' });
      expect(next.socket).toBe(refused.socket);
    }
  });

  it("answer a stranger's upload to the moderation API with 401, unread, and the next request still goes through", async () => {
    expect(await refusedUpload("/api/mod/import?site=nope", Buffer.alloc(1024 * 1024, " "))).toBe(
      401,
    );
    expect(await request("GET", "/healthz")).toMatchObject({ status: 200 });
  });

  it("take a GET or HEAD with a body as one without (never a 500)", async () => {
    const answered = await request("GET", "/api/mod/sites", Buffer.from("{}"));
    expect(answered.status).toBe(401);
    expect(JSON.parse(answered.body).error.code).toBe("unauthorized");
    const listed = await request("GET", "/api/comments?site=nope&page=/x", Buffer.from("{}"));
    expect(listed.status).toBe(404);
  });
});

describe("headers and assets", () => {
  it("serves the OpenAPI document as a static asset, with nosniff", async () => {
    const res = await fetch(`${env().workerOrigin}/api/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.paths).toHaveProperty("/api/comments/{id}/replies");
  });

  it("marks API answers and the widget script nosniff", async () => {
    for (const path of ["/api/comments?site=nope&page=/x", "/healthz", "/embed.js"]) {
      const res = await fetch(`${env().workerOrigin}${path}`);
      expect(res.headers.get("X-Content-Type-Options"), path).toBe("nosniff");
    }
  });
});
