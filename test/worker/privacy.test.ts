import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { rows, sql } from "../sql";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../../worker/index";
import {
  call,
  commentPayload,
  json,
  origin,
  postComment,
  postOk,
  unique,
  openSite,
  type PostOptions,
} from "../helpers";
import { md5Hex } from "../md5";
import { bearer } from "../public-api";

const email = "  Priv.Acy+Secret@Example.COM ";
const address = "198.51.100.77";

async function digestHex(algorithm: string, text: string): Promise<string> {
  const digest = await crypto.subtle.digest(algorithm, new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** The email in every form a leak could take: as typed, normalised, and unkeyed hashes of both. */
let forbidden: string[] = [];

beforeAll(async () => {
  const forms = [email.trim(), email.trim().toLowerCase()];
  const hashes = await Promise.all(
    forms.flatMap((form) => [md5Hex(form), digestHex("SHA-1", form), digestHex("SHA-256", form)]),
  );
  forbidden = [...forms, "priv.acy", ...hashes];
});

/** Fails if the response's body or any header carries the email or a hash of it. */
async function expectClean(res: Response): Promise<string> {
  const text = await res.text();
  const headers = JSON.stringify([...res.headers]);
  for (const secret of forbidden) {
    expect(text.toLowerCase(), `${res.status} body`).not.toContain(secret.toLowerCase());
    expect(headers.toLowerCase(), `${res.status} headers`).not.toContain(secret.toLowerCase());
  }
  return text;
}

function post(site: string, page: string, fields: Partial<PostOptions> = {}, headers = {}) {
  return postComment({
    site,
    page,
    email,
    ...fields,
    headers: { "CF-Connecting-IP": address, Origin: origin, ...headers },
  });
}

describe("privacy of the email address", () => {
  it("looks for md5 with a helper that matches RFC 1321", () => {
    expect(md5Hex("")).toBe("d41d8cd98f00b204e9800998ecf8427e");
    expect(md5Hex("abc")).toBe("900150983cd24fb0d6963f7d28e17f72");
  });

  it("is in no public answer, header or error", async () => {
    const site = await openSite({ holdWords: ["hold"], closeAfterDays: 30, rateLimitPerDay: 8 });
    const page = unique("/private");
    const checked: number[] = [];
    const check = async (res: Response) => {
      checked.push(res.status);
      return expectClean(res);
    };

    const idempotency = { "Idempotency-Key": unique("k") };
    const first = JSON.parse(await check(await post(site, page, { body: "root" }, idempotency)));
    await check(await post(site, page, { body: "root" }, idempotency));
    const reply = JSON.parse(
      await check(await post(site, page, { body: "reply", parentId: first.comment.id })),
    );
    const held = JSON.parse(await check(await post(site, page, { body: "please hold" })));
    expect(held.comment.status).toBe("pending");

    await check(await call(`/api/comments?site=${site}&page=${page}`));
    await check(await call(`/api/comments?site=${site}&page=${page}&sort=newest&limit=1`));
    await check(await call(`/api/comments/${first.comment.id}`));
    await check(
      await call(`/api/comments/${held.comment.id}`, { headers: bearer(held.editToken) }),
    );
    await check(
      await call(
        `/api/comments/${reply.comment.id}`,
        json("PATCH", { body: "edited" }, bearer(reply.editToken)),
      ),
    );
    await check(await call("/api/preview", json("POST", { site, body: "a preview" })));
    await check(await call(`/api/counts?site=${site}&page=${page}`));

    // Error answers: duplicate, invalid fields, foreign origin, closed thread, rate limit.
    await check(await post(site, page, { body: "root" }));
    await check(await post(site, page, { body: "" }));
    await check(await post(site, page, { website: "javascript:alert(1)" }));
    const badEmail = commentPayload({ site, page });
    badEmail.author.email = `${email.trim()}@@`;
    await check(await call("/api/comments", json("POST", badEmail)));
    await check(await post(site, page, {}, { Origin: "https://evil.example" }));
    await check(await post("no-such-site", page));
    const closed = unique("/closed");
    await check(await post(site, closed, { body: "before closing" }));
    await sql(`UPDATE threads SET closed = 1 WHERE site_id = ?1 AND key = ?2`, site, closed);
    await check(await post(site, closed, { body: "after closing" }));
    for (let index = 0; index < 6; index += 1) {
      await check(await post(site, unique("/flood"), { body: `flood ${index}` }));
    }
    await check(
      await call(`/api/comments/${held.comment.id}`, {
        method: "DELETE",
        headers: bearer(held.editToken),
      }),
    );

    for (const status of [200, 201, 204, 400, 403, 404, 409, 429]) {
      expect(checked).toContain(status);
    }
  });

  it("is never stored in plaintext or as an unkeyed hash in any table", async () => {
    const site = await openSite();
    const page = unique("/at-rest");
    const posted = await postOk({ site, page, email, headers: { "CF-Connecting-IP": address } });
    await postOk({ site, page, email, parentId: posted.comment.id });

    const tables = await rows<{ name: string }>(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`,
    );
    expect(tables.map((table) => table.name)).toEqual(
      expect.arrayContaining(["comments", "threads", "sites", "idempotency_keys"]),
    );
    for (const { name } of tables) {
      if (name.startsWith("_cf_")) continue;
      const dump = JSON.stringify(await rows(`SELECT * FROM "${name}"`)).toLowerCase();
      for (const secret of [...forbidden, address]) {
        expect(dump, `table ${name}`).not.toContain(secret.toLowerCase());
      }
    }
    const [row] = await rows<{ email_encrypted: string; email_hash: string }>(
      `SELECT email_encrypted, email_hash FROM comments WHERE id = ?1`,
      posted.comment.id,
    );
    expect(row!.email_encrypted).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(row!.email_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("gives an avatar that is no unkeyed hash of the email, stable per author and site", async () => {
    const site = await openSite();
    const a = await postOk({ site, page: unique("/av"), email });
    const b = await postOk({ site, page: unique("/av"), email: email.trim().toUpperCase() });
    const avatar = (a.comment.author as { avatar: string }).avatar;
    expect(avatar).toMatch(/^[0-9a-f]+$/);
    expect((b.comment.author as { avatar: string }).avatar).toBe(avatar);
    for (const secret of forbidden) {
      expect(secret).not.toContain(avatar);
      expect(avatar).not.toContain(secret);
    }
    const elsewhere = await postOk({ site: await openSite(), page: unique("/av"), email });
    expect((elsewhere.comment.author as { avatar: string }).avatar).not.toBe(avatar);
  });

  it("stores the network address only as a keyed hash", async () => {
    const site = await openSite();
    const posted = await postOk({
      site,
      page: unique("/ip"),
      headers: { "CF-Connecting-IP": address },
    });
    const [row] = await rows<{ network_hash: string }>(
      `SELECT network_hash FROM comments WHERE id = ?1`,
      posted.comment.id,
    );
    expect(row!.network_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.network_hash).not.toBe(await digestHex("SHA-256", address));
    expect(row!.network_hash).not.toContain(md5Hex(address));
  });
});

describe("missing secrets", () => {
  async function callWith(bindings: Record<string, unknown>, path = "/api/comments?site=a&page=b") {
    const ctx = createExecutionContext();
    const res = await worker.fetch(
      new Request(`https://parley.test${path}`),
      { ...env, ...bindings } as typeof env,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    return res;
  }

  it("answers 500 naming SECRET_KEY when it is not set", async () => {
    const res = await callWith({ SECRET_KEY: undefined });
    expect(res.status).toBe(500);
    const body = await res.json<any>();
    expect(body.error.code).toBe("internal");
    expect(body.error.message).toContain("SECRET_KEY");
    expect(body.error.message).not.toContain("MODERATOR_TOKEN");
  });

  it("answers 500 naming MODERATOR_TOKEN when it is not set, on every API path", async () => {
    for (const path of ["/api/comments?site=a&page=b", "/api/mod/sites", "/api/counts?site=a"]) {
      const res = await callWith({ MODERATOR_TOKEN: undefined }, path);
      expect(res.status).toBe(500);
      expect((await res.json<any>()).error.message).toContain("MODERATOR_TOKEN");
    }
  });

  it("refuses a SECRET_KEY shorter than 32 characters without echoing it", async () => {
    const res = await callWith({ SECRET_KEY: "short-secret-value" });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).toContain("SECRET_KEY");
    expect(text).not.toContain("short-secret-value");
  });
});
