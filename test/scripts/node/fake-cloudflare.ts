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
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { cloudflareRoutes, fail, type Route } from "./fake-cloudflare-routes";
import { answerAsWorker } from "./fake-worker";

export interface RecordedCall {
  method: string;
  path: string;
  /** The request body as text (multipart uploads included), for assertions on what was sent. */
  body: string;
}

export interface Database {
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
    void answer(fake, routes, request, response);
  });
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

/** Records a call and answers it: as the fake Worker under /worker, else as the API. */
async function answer(
  fake: FakeState,
  routes: Route[],
  request: IncomingMessage,
  response: ServerResponse,
) {
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
