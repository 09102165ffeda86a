/**
 * The contract under a property-based fuzzer: requests generated from every declared
 * route's schemas (the ones its handler validates with, as the OpenAPI document writes
 * them), valid and mutated, with and without each kind of credential, sent to the Worker
 * in workerd on its real local D1. Every answer must be one the document declares
 * (test/fuzz/contract.ts), and a refused request must change nothing in D1.
 *
 * CI sends a few hundred requests from a fixed seed; `npm run fuzz` sends FUZZ_RUNS
 * (tens of thousands) and prints what it covered. workerd's Request cannot carry a body on
 * a GET or HEAD: that case is tested over real HTTP (test/e2e/worker-http.test.ts).
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../../worker/index";
import { declaredRoutes } from "../../worker/openapi/document";
import { moderatorToken, openSite, origin, postOk, unique } from "../helpers";
import { modJson } from "../mod-api";
import { openApi } from "../openapi-schemas";
import { contractProblem, operationAt } from "../fuzz/contract";
import { requestArbitrary, type FuzzRequest, type Known, type Operation } from "../fuzz/requests";
import { Coverage } from "../fuzz/coverage";

const runs = Number(env.FUZZ_RUNS) || 300;
const seed = Number(env.FUZZ_SEED) || 3232;

const operations: Operation[] = declaredRoutes().map(({ declaration, audience, path }) => {
  const template = path.replace(/:(\w+)/g, "{$1}");
  return {
    declaration,
    audience,
    template,
    method: declaration.method,
    spec: openApi.paths[template][declaration.method],
  };
});

const resolve = (ref: string) => openApi.components.schemas[ref.split("/").at(-1)!];

/**
 * The attempts table is the posting limits' counter: a refused post that got past the
 * shape and site checks still uses up an attempt, by design (storage/attempts.ts), so a
 * refusal may add a row there and nowhere else.
 */
const countersOfLimits = new Set(["attempts"]);

let dumps: D1PreparedStatement[] | undefined;

/** Every row of every table but the limits' counter, by table: what a refusal must not change. */
async function stored(): Promise<Record<string, string>> {
  if (!dumps) {
    const { results } = await env.DB.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'd1_%'",
    ).all<{ name: string }>();
    const tables = results.map(({ name }) => name).filter((name) => !countersOfLimits.has(name));
    dumps = await Promise.all(
      tables.map(async (table) => {
        const { results: columns } = await env.DB.prepare(
          `SELECT name FROM pragma_table_info('${table}')`,
        ).all<{ name: string }>();
        const row = columns.map(({ name }) => `quote("${name}")`).join(" || ',' || ");
        return env.DB.prepare(
          `SELECT '${table}' AS name, group_concat(${row}, char(10)) AS rows FROM "${table}"`,
        );
      }),
    );
  }
  const tables = await env.DB.batch<{ name: string; rows: string | null }>(dumps);
  return Object.fromEntries(tables.map(({ results: [table] }) => [table!.name, table!.rows ?? ""]));
}

/** A site, pages, comments (approved and held), a ban and a moderator for requests to find. */
async function seedKnown(): Promise<Known> {
  const open = await openSite();
  const strict = await openSite({ moderation: "all", rateLimitPerMinute: 3, rateLimitPerDay: 10 });
  const pages = [unique("/fuzz"), unique("/fuzz")];
  const root = await postOk({ site: open, page: pages[0], email: "fuzz@example.com" });
  const reply = await postOk({ site: open, page: pages[0], parentId: root.comment.id });
  const held = await postOk({ site: strict, page: pages[1] });
  const ban = await modJson("POST", "/api/mod/bans", {
    site: open,
    email: "banned@example.com",
    scope: "author",
  });
  const added = await modJson("POST", "/api/mod/moderators", {
    name: "Fuzz",
    email: `${unique("fuzz")}@example.com`,
    sites: [open],
  });
  return {
    origin,
    sites: [open, strict],
    pages,
    emails: ["fuzz@example.com", "banned@example.com"],
    ids: {
      comments: [root.comment.id, reply.comment.id, held.comment.id],
      bans: [ban.id],
      moderators: [added.moderator.id],
    },
    tokens: {
      owner: moderatorToken,
      moderator: added.token,
      edit: [root.editToken, held.editToken],
    },
  };
}

async function send(request: FuzzRequest) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
    }),
    env,
    ctx,
  );
  const text = await res.text();
  // What runs after the answer (mail, webhooks) is part of the request too.
  await waitOnExecutionContext(ctx);
  return {
    status: res.status,
    contentType: res.headers.get("Content-Type") ?? "",
    allow: res.headers.get("Allow"),
    text,
  };
}

describe("the contract under a fuzzer", () => {
  let known: Known;
  beforeAll(async () => {
    known = await seedKnown();
  });

  it(
    `answers ${runs} generated requests as the document declares, and refusals store nothing`,
    async () => {
      const coverage = new Coverage();
      let snapshot: Record<string, string> | undefined;
      await fc.assert(
        fc.asyncProperty(requestArbitrary(operations, known, resolve), async (request) => {
          // What D1 held after the last request is what this one starts from.
          const before = (snapshot ??= await stored());
          const answer = await send(request);
          const operation = operationAt(operations, request.method, request.url);
          coverage.add(request, answer.status, operation);
          const problem = contractProblem(request, answer, operations);
          expect(problem, `${request.kind}: ${request.method} ${request.url}`).toBeNull();
          const after = await stored();
          snapshot = after;
          if (answer.status >= 400) {
            const changed = Object.keys(after).filter((table) => after[table] !== before[table]);
            expect(changed, `answered ${answer.status} ${answer.text} and wrote`).toEqual([]);
          }
        }),
        { numRuns: runs, seed, endOnFailure: true },
      );
      console.log(coverage.report(operations, runs > 1000));
      // The fuzzer reached every operation, and got past validation to a success on most.
      expect(coverage.operationsReached()).toBe(operations.length);
    },
    60_000 + runs * 1000,
  );
});
