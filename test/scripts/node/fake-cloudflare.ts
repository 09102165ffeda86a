/**
 * A local stand-in for Cloudflare's API, for running the real wrangler against it
 * (`CLOUDFLARE_API_BASE_URL`). It answers the calls `d1 list`, `d1 create`,
 * `d1 migrations apply --remote`, `secret list` and `deploy` make, in the API's envelope
 * (`{ success, errors, messages, result }`), keeps what they change (databases, applied
 * migrations, secrets, the deployed Worker) and records every call, so a test can say which
 * calls a command made. A request it does not know is answered 404 and recorded as unknown:
 * a test fails on it rather than passing against a fake that answers anything.
 *
 * It also plays the deployed Worker's moderation API for sites (`PUT /api/mod/sites/:site`,
 * `GET /api/counts`), under `/worker`, since a test cannot reach a workers.dev address.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { answerAsWorker } from "./fake-worker";

export interface RecordedCall {
  method: string;
  path: string;
  /** The request body as text (multipart uploads included), for assertions on what was sent. */
  body: string;
}

interface Database {
  uuid: string;
  name: string;
  created_at: string;
  /** Migration files recorded in d1_migrations, in order. */
  applied: string[];
  /** Every other statement run against it. */
  statements: string[];
}

export interface FakeCloudflare {
  apiBaseUrl: string;
  /** A migration file whose statements the fake refuses, as D1 refuses a broken one. */
  failingMigration?: string;
  /** Where the fake Worker answers (stands in for the workers.dev address). */
  workerUrl: string;
  accountId: string;
  calls: RecordedCall[];
  unknown: RecordedCall[];
  databases: Database[];
  /** Per Worker, each secret's name and value (the fake Worker checks the token against it). */
  secrets: Map<string, Map<string, string>>;
  /** Each Worker upload: its name and the bindings its metadata declared. */
  deployments: { name: string; bindings: { name: string; type: string }[] }[];
  schedules: Map<string, string[]>;
  /** Sites created through the fake Worker's moderation API. */
  sites: Map<string, { name: string; origins: string[] }>;
  /** Calls to the fake Worker (not Cloudflare's API). */
  workerCalls: RecordedCall[];
  /** Calls since the mark, for "the second run changed nothing" assertions. */
  callsSince(mark: number): RecordedCall[];
  close(): Promise<void>;
}

type Reply = { status?: number; result: unknown } | { status: number; errors: unknown[] };
type Handler = (
  match: RegExpMatchArray,
  call: RecordedCall,
  request: Request,
) => Reply | Promise<Reply>;

const ok = (result: unknown): Reply => ({ result });
const fail = (status: number, code: number, message: string): Reply => ({
  status,
  errors: [{ code, message }],
});

export async function startFakeCloudflare(accountId = "0123456789abcdef0123456789abcdef") {
  const fake: FakeState = {
    accountId,
    calls: [] as RecordedCall[],
    unknown: [] as RecordedCall[],
    databases: [] as Database[],
    secrets: new Map<string, Map<string, string>>(),
    deployments: [] as FakeCloudflare["deployments"],
    schedules: new Map<string, string[]>(),
    assetHashes: new Set<string>(),
    onWorkersDev: new Set<string>(),
    sites: new Map<string, { name: string; origins: string[] }>(),
    workerCalls: [] as RecordedCall[],
  };
  const routes = cloudflareRoutes(fake);
  const server = createServer((request, response) => {
    void answer(request, response);
  });
  async function answer(request: IncomingMessage, response: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const url = new URL(request.url ?? "/", "http://fake");
    const call = { method: request.method ?? "GET", path: url.pathname + url.search, body: "" };
    call.body = Buffer.concat(chunks).toString("utf8");
    if (url.pathname.startsWith("/worker/")) {
      fake.workerCalls.push(call);
      const { status, body } = answerAsWorker(fake, call, request.headers.authorization);
      response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
      return;
    }
    fake.calls.push(call);
    const path = url.pathname.replace("/client/v4", "");
    const route = routes.find(([method, pattern]) => method === call.method && pattern.test(path));
    // A web Request over the same bytes, for the multipart bodies (script and asset uploads).
    const asRequest = new Request(url, {
      method: call.method,
      headers: { "content-type": request.headers["content-type"] ?? "text/plain" },
      ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
    });
    if (!route) fake.unknown.push(call);
    const reply = route
      ? await route[2](path.match(route[1])!, call, asRequest)
      : fail(404, 7003, `The fake does not know ${call.method} ${call.path}`);
    response.setHeader("content-type", "application/json");
    response.statusCode = reply.status ?? 200;
    const success = !("errors" in reply);
    response.end(
      JSON.stringify({
        success,
        errors: success ? [] : reply.errors,
        messages: [],
        result: success ? reply.result : null,
      }),
    );
  }
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  // The same object the routes read, so a test's changes (failingMigration) reach them.
  return Object.assign(fake, {
    apiBaseUrl: `http://127.0.0.1:${port}/client/v4`,
    workerUrl: `http://127.0.0.1:${port}/worker`,
    callsSince: (mark: number) => fake.calls.slice(mark),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }) satisfies FakeCloudflare;
}

export type FakeState = Omit<
  FakeCloudflare,
  "apiBaseUrl" | "workerUrl" | "callsSince" | "close"
> & {
  assetHashes: Set<string>;
  onWorkersDev: Set<string>;
};

function cloudflareRoutes(fake: FakeState): [string, RegExp, Handler][] {
  const account = `^/accounts/${fake.accountId}`;
  const byId = (id: string | undefined) => fake.databases.find((d) => d.uuid === id);
  const exists = (name: string | undefined) => fake.deployments.some((d) => d.name === name);
  const upload: Handler = ([, name], _call, request) => recordUpload(fake, name!, request);
  const noWorker = () => fail(404, 10007, "This Worker does not exist on your account.");
  return [
    ["GET", /^\/user\/tokens\/verify$/, () => ok({ status: "active" })],
    ["GET", /^\/user$/, () => ok({ id: "user-1", email: "owner@blog.example" })],
    [
      "GET",
      /^\/(accounts|memberships)$/,
      () => ok([{ id: fake.accountId, name: "Owner's account", account: { id: fake.accountId } }]),
    ],
    [
      "GET",
      new RegExp(`${account}/d1/database$`),
      (_m, call) => {
        const name = new URL(call.path, "http://fake").searchParams.get("name");
        return ok(fake.databases.filter((d) => !name || d.name === name).map(publicDatabase));
      },
    ],
    [
      "POST",
      new RegExp(`${account}/d1/database$`),
      (_m, call) => {
        const { name } = JSON.parse(call.body) as { name: string };
        if (fake.databases.some((d) => d.name === name))
          return fail(400, 7502, "A database with that name already exists");
        const database = {
          uuid: randomUUID(),
          name,
          created_at: new Date().toISOString(),
          applied: [],
          statements: [],
        };
        fake.databases.push(database);
        return ok(publicDatabase(database));
      },
    ],
    [
      "GET",
      new RegExp(`${account}/d1/database/([^/]+)$`),
      ([, id]) => {
        const database = byId(id) ?? fake.databases.find((d) => d.name === id);
        return database ? ok(publicDatabase(database)) : fail(404, 7404, "database not found");
      },
    ],
    [
      "POST",
      new RegExp(`${account}/d1/database/([^/]+)/(query|raw)$`),
      ([, id], call) => {
        const database = byId(id);
        if (!database) return fail(404, 7404, "database not found");
        const { sql } = JSON.parse(call.body) as { sql: string };
        // D1 runs a migration file and its d1_migrations row together: both or neither.
        if (fake.failingMigration && sql.includes(`'${fake.failingMigration}'`))
          return fail(400, 7500, 'near "oops": syntax error at offset 0: SQLITE_ERROR');
        return ok(runStatements(database, { sql }));
      },
    ],
    [
      "GET",
      new RegExp(`${account}/workers/services/([^/]+)$`),
      ([, name]) =>
        exists(name)
          ? ok({
              id: name,
              default_environment: {
                environment: "production",
                script: { id: name, tag: `tag-${name}`, tags: [], last_deployed_from: "wrangler" },
              },
            })
          : fail(404, 10007, "This Worker does not exist on your account."),
    ],
    [
      "GET",
      new RegExp(`${account}/workers/scripts/([^/]+)/secrets$`),
      ([, name]) =>
        exists(name)
          ? ok(
              [...(fake.secrets.get(name!)?.keys() ?? [])].map((n) => ({
                name: n,
                type: "secret_text",
              })),
            )
          : noWorker(),
    ],
    [
      "GET",
      new RegExp(`${account}/workers/scripts/([^/]+)/deployments$`),
      ([, name]) => ok({ deployments: exists(name) ? [{ id: "d1", versions: [] }] : [] }),
    ],
    [
      "POST",
      new RegExp(`${account}/workers/scripts/([^/]+)/assets-upload-session$`),
      (_m, call) => {
        const { manifest } = JSON.parse(call.body) as {
          manifest: Record<string, { hash: string }>;
        };
        const missing = Object.values(manifest)
          .map(({ hash }) => hash)
          .filter((hash) => !fake.assetHashes.has(hash));
        return ok({ jwt: "upload-session", buckets: missing.length ? [missing] : [] });
      },
    ],
    [
      "POST",
      new RegExp(`${account}/workers/assets/upload$`),
      async (_m, _call, request) => {
        for (const hash of (await request.formData()).keys()) fake.assetHashes.add(hash);
        return { status: 201, result: { jwt: "assets-complete" } };
      },
    ],
    // A first upload (PUT) and later ones (a version, then a deployment of it).
    ["PUT", new RegExp(`${account}/workers/scripts/([^/]+)$`), upload],
    ["POST", new RegExp(`${account}/workers/scripts/([^/]+)/versions$`), upload],
    [
      "POST",
      new RegExp(`${account}/workers/scripts/([^/]+)/deployments$`),
      () => ok({ id: randomUUID() }),
    ],
    [
      "GET",
      new RegExp(`${account}/workers/scripts/([^/]+)/settings$`),
      ([, name]) => (exists(name) ? ok({ logpush: false, tail_consumers: [] }) : noWorker()),
    ],
    [
      "PATCH",
      new RegExp(`${account}/workers/scripts/([^/]+)/script-settings$`),
      (_m, call) => ok(JSON.parse(call.body)),
    ],
    ["GET", /\/workers\/subdomain$/, () => ok({ subdomain: "parley-test" })],
    [
      "GET",
      new RegExp(`${account}/workers/scripts/([^/]+)/subdomain$`),
      ([, name]) => ok({ enabled: fake.onWorkersDev.has(name!), previews_enabled: false }),
    ],
    [
      "POST",
      new RegExp(`${account}/workers/scripts/([^/]+)/subdomain$`),
      ([, name], call) => {
        const body = JSON.parse(call.body) as { enabled: boolean };
        if (body.enabled) fake.onWorkersDev.add(name!);
        else fake.onWorkersDev.delete(name!);
        return ok(body);
      },
    ],
    [
      "PUT",
      new RegExp(`${account}/workers/scripts/([^/]+)/schedules$`),
      ([, name], call) => {
        const schedules = JSON.parse(call.body) as { cron: string }[];
        fake.schedules.set(
          name!,
          schedules.map(({ cron }) => cron),
        );
        return ok({ schedules });
      },
    ],
  ];
}

/** A Worker upload's metadata: which bindings (and so which secrets) it carries. */
async function recordUpload(fake: FakeState, name: string, request: Request) {
  const metadata = (await request.formData()).get("metadata");
  const text = typeof metadata === "string" ? metadata : await metadata!.text();
  const { bindings } = JSON.parse(text) as {
    bindings: { name: string; type: string; text?: string }[];
  };
  fake.deployments.push({ name, bindings: bindings.map(({ name, type }) => ({ name, type })) });
  const secrets = fake.secrets.get(name) ?? new Map<string, string>();
  for (const binding of bindings)
    if (binding.type === "secret_text") secrets.set(binding.name, binding.text ?? "");
  fake.secrets.set(name, secrets);
  const id = randomUUID();
  return ok({ id, deployment_id: id, etag: "etag", resources: { script: { etag: "etag" } } });
}

function publicDatabase({ uuid, name, created_at }: Database) {
  return { uuid, name, created_at, version: "production", num_tables: 0, file_size: 0 };
}

/**
 * Just enough of SQL for wrangler's migration bookkeeping: it reads and writes the
 * d1_migrations table; every other statement (the migrations themselves) is kept as text.
 */
function runStatements(database: Database, { sql }: { sql: string }) {
  const results: Record<string, unknown>[] = [];
  if (/select\s+\*?\s*.*from\s+d1_migrations/i.test(sql)) {
    results.push(...database.applied.map((name, index) => ({ id: index + 1, name })));
  }
  for (const [, name] of sql.matchAll(
    /insert\s+into\s+d1_migrations\s*\(name\)\s*values\s*\('([^']+)'\)/gi,
  ))
    database.applied.push(name!);
  if (!/d1_migrations/i.test(sql)) database.statements.push(sql);
  return [{ results, success: true, meta: { changes: 0, duration: 0 } }];
}
