/**
 * What the server refuses (by ../shared/API.md), the document refuses too: the constraints
 * once in zod refinements and transforms, which JSON Schema never saw, are in the declared
 * schemas. Each case is refused by the zod schema its route validates with and by the
 * document's JSON Schema, as an integrator's validator reads it.
 */
import { describe, expect, it } from "vitest";
import type * as z from "zod";
import { idempotencyKeySchema, newCommentSchema } from "../../worker/schemas/reader";
import { moderateCommentSchema } from "../../worker/schemas/moderation";
import { moderatorChangeSchema } from "../../worker/schemas/moderators";
import { putSiteSchema } from "../../worker/schemas/sites";
import { fitsSchema, parameterSchema, requestSchema } from "../openapi-schemas";

const comment = {
  site: "blog",
  page: { key: "/a", url: "https://blog.example/a", title: "A" },
  author: { name: "Ann", email: "ann@example.com" },
  body: "Hello",
};
const site = { name: "Blog", origins: ["https://blog.example"] };

/** Both the server's schema and the document's accept `good` and refuse each of `bad`. */
function expectSameVerdicts(zod: z.ZodType, schema: object, good: unknown, bad: unknown[]) {
  expect(zod.safeParse(good).success).toBe(true);
  expect(fitsSchema(schema, good)).toEqual({ valid: true });
  for (const value of bad) {
    expect(zod.safeParse(value).success, JSON.stringify(value)).toBe(false);
    expect(fitsSchema(schema, value).valid, JSON.stringify(value)).toBe(false);
  }
}

describe("the document refuses what the server refuses", () => {
  it("a comment: empty bodies and emails, control characters in page keys, non-http URLs", () => {
    expectSameVerdicts(newCommentSchema, requestSchema("post", "/api/comments"), comment, [
      { ...comment, body: "" },
      { ...comment, body: " \n\t " },
      { ...comment, author: { name: "Ann", email: "not an email" } },
      { ...comment, page: { ...comment.page, key: "/a\u0000b" } },
      { ...comment, page: { ...comment.page, key: "/a\u007fb" } },
      { ...comment, page: { ...comment.page, url: "javascript:alert(1)" } },
      { ...comment, page: { ...comment.page, url: "ftp://blog.example/a" } },
      { ...comment, page: { ...comment.page, url: "https://user:pw@blog.example/a" } },
      { ...comment, author: { ...comment.author, website: "data:text/html,hi" } },
    ]);
  });

  it("a site: empty or non-http origins, a non-http webhook, a sender no mail can come from, reactions twice or unknown", () => {
    expectSameVerdicts(putSiteSchema, requestSchema("put", "/api/mod/sites/{site}"), site, [
      { ...site, origins: [""] },
      { ...site, origins: ["blog.example"] },
      { ...site, origins: ["https://blog.example/path"] },
      { ...site, origins: ["ftp://blog.example"] },
      { ...site, settings: { notifyWebhookUrl: "ftp://hooks.example/x" } },
      { ...site, settings: { mailFrom: "x@a-.example" } },
      { ...site, settings: { mailFrom: "x@-a.example" } },
      { ...site, settings: { reactions: ["heart", "heart"] } },
      {
        ...site,
        settings: { reactions: ["heart", "laugh", "wow", "sad", "clap", "thinking", "celebrate"] },
      },
      { ...site, settings: { reactions: ["<script>"] } },
    ]);
  });

  it("a change that changes nothing: PATCH {} or only unknown fields", () => {
    expectSameVerdicts(
      moderateCommentSchema,
      requestSchema("patch", "/api/mod/comments/{id}"),
      { status: "approved" },
      [{}, { foo: 1 }],
    );
    expectSameVerdicts(
      moderatorChangeSchema,
      requestSchema("patch", "/api/mod/moderators/{id}"),
      { name: "Mo" },
      [{}, { foo: 1 }],
    );
  });

  it("an empty Idempotency-Key", () => {
    expectSameVerdicts(
      idempotencyKeySchema,
      parameterSchema("post", "/api/comments", "Idempotency-Key"),
      "key-1",
      ["", " ", "ключ"],
    );
  });
});
