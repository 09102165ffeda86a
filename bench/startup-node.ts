/**
 * One sample of `npm run bench:startup`'s Node measure, in a process of its own (startup.ts
 * bundles this file for Node and runs it once per sample, so V8 has compiled nothing yet):
 * the time `import()` of a Worker bundle takes (reading, parsing, compiling and evaluating
 * the module: what a fresh isolate does before its first request), then its first and
 * second answer to one request, D1 replayed from a recording (replayed-d1.ts) so no
 * database is in the time, and zod parsing as in Workers (workerd-globals.ts). Node's own lazily loaded parts (the ESM loader, fetch's
 * Request and Response, WebCrypto) are loaded before the clock starts: they are Node's
 * start, not the Worker's. Prints the three times, in milliseconds, as JSON.
 *
 * Arguments: the bundle's path, the recording's path (JSON), the request's URL, the
 * bindings (JSON; DB is added).
 */
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { ReplayedD1 } from "./replayed-d1";
import { addTimingSafeEqual, zodAsInWorkers } from "./workerd-globals";

interface WorkerModule {
  default: { fetch(request: Request, env: unknown, ctx: unknown): Promise<Response> };
}

const [bundlePath, recordingPath, url, bindings] = process.argv.slice(2);
if (!bundlePath || !recordingPath || !url || !bindings) {
  throw new Error("startup-node: bundle, recording, URL and bindings expected");
}
addTimingSafeEqual();
zodAsInWorkers();
const db = ReplayedD1.replaying(JSON.parse(await readFile(recordingPath, "utf8")) as unknown[]);
const env = { ...(JSON.parse(bindings) as Record<string, string>), DB: db };
const ctx = { waitUntil() {}, passThroughOnException() {}, props: {} };

const warmLoader = "data:text/javascript,export default 1";
await import(warmLoader);
await new Response(new Request(url).url).text();
await crypto.subtle.digest("SHA-256", new Uint8Array(1));

const started = performance.now();
const worker = ((await import(pathToFileURL(bundlePath).href)) as WorkerModule).default;
const imported = performance.now();
const answer = async () => {
  db.replay();
  const res = await worker.fetch(new Request(url), env, ctx);
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`startup-node: ${url} answered ${res.status}`);
};
await answer();
const first = performance.now();
await answer();
const second = performance.now();
console.log(
  JSON.stringify({
    importMs: imported - started,
    firstMs: first - imported,
    secondMs: second - first,
  }),
);
