/**
 * The Cloudflare API calls the fake answers, as [method, path pattern, handler], found by
 * running wrangler 4.85 against the fake and logging what it did not know: the account
 * (whoami), D1 (list, create, query), a Worker's facts (secrets, settings, deployments)
 * and a deploy (assets, upload or version and deployment, workers.dev, crons).
 */
import { randomUUID } from "node:crypto";
import type { Database, FakeState, RecordedCall } from "./fake-cloudflare";

export type Reply = { status?: number; result: unknown } | { status: number; errors: unknown[] };
export type Handler = (
  match: RegExpMatchArray,
  call: RecordedCall,
  request: Request,
) => Reply | Promise<Reply>;
export type Route = [method: string, path: RegExp, handler: Handler];

export const ok = (result: unknown): Reply => ({ result });
export const fail = (status: number, code: number, message: string): Reply => ({
  status,
  errors: [{ code, message }],
});

const noWorker = () => fail(404, 10007, "This Worker does not exist on your account.");
const accountPath = (fake: FakeState) => `^/accounts/${fake.accountId}`;
const workerExists = (fake: FakeState, name: string | undefined) =>
  fake.deployments.some((d) => d.name === name);

export const cloudflareRoutes = (fake: FakeState): Route[] => [
  ...accountAndD1Routes(fake),
  ...workerRoutes(fake),
  ...deployRoutes(fake),
];

function accountAndD1Routes(fake: FakeState): Route[] {
  const account = accountPath(fake);
  const byId = (id: string | undefined) => fake.databases.find((d) => d.uuid === id);
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
  ];
}

function workerRoutes(fake: FakeState): Route[] {
  const account = accountPath(fake);
  const exists = (name: string | undefined) => workerExists(fake, name);
  return [
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
  ];
}

function deployRoutes(fake: FakeState): Route[] {
  const account = accountPath(fake);
  const upload: Handler = ([, name], _call, request) => recordUpload(fake, name!, request);
  return [
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
      ([, name]) =>
        workerExists(fake, name) ? ok({ logpush: false, tail_consumers: [] }) : noWorker(),
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
