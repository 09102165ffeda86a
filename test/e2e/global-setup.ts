/**
 * Builds the widget, starts `wrangler dev` on a throwaway local D1, serves article pages
 * from a second origin (so the widget runs cross-origin, as on a real blog), and registers
 * the test sites. Tests read the addresses with inject("e2e").
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
// @ts-expect-error: a plain ES module script without type declarations
import { buildWidget } from "../../scripts/build-widget.mjs";
import { renderHostPage, SITES, type E2eEnv } from "./host-pages";

declare module "vitest" {
  export interface ProvidedContext {
    e2e: E2eEnv;
  }
}

const root = path.resolve(import.meta.dirname, "../..");
const MODERATOR_TOKEN = "e2e-moderator-token";
const SECRET_KEY = "e2e-secret-key-0123456789abcdef-0123456789";

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitForHealth(origin: string, worker: ChildProcess, log: () => string) {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (worker.exitCode !== null) throw new Error(`wrangler dev exited:\n${log()}`);
    try {
      const response = await fetch(`${origin}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`wrangler dev did not become healthy:\n${log()}`);
}

export default async function setup(project: TestProject) {
  await buildWidget({ log: false });
  const persist = await mkdtemp(path.join(tmpdir(), "parley-e2e-"));
  const env = { ...process.env, CI: "true", NO_COLOR: "1", WRANGLER_SEND_METRICS: "false" };
  execFileSync(
    "npx",
    ["wrangler", "d1", "migrations", "apply", "DB", "--local", "--persist-to", persist],
    {
      cwd: root,
      env,
      stdio: "pipe",
    },
  );

  const [workerPort, inspectorPort, hostPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const args = ["wrangler", "dev", "--ip", "127.0.0.1", "--port", String(workerPort)];
  args.push("--inspector-port", String(inspectorPort), "--persist-to", persist);
  args.push("--var", `MODERATOR_TOKEN:${MODERATOR_TOKEN}`, "--var", `SECRET_KEY:${SECRET_KEY}`);
  // Until wrangler.toml serves dist/public through [assets], point wrangler dev at it.
  const toml = readFileSync(path.join(root, "wrangler.toml"), "utf8");
  if (!/^\[assets\]/m.test(toml)) args.push("--assets", "dist/public");
  let output = "";
  const worker = spawn("npx", args, {
    cwd: root,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  worker.stdout!.on("data", (chunk) => (output += chunk));
  worker.stderr!.on("data", (chunk) => (output += chunk));
  const workerOrigin = `http://127.0.0.1:${workerPort}`;
  const hostOrigin = `http://localhost:${hostPort}`;
  const e2e: E2eEnv = { workerOrigin, hostOrigin, moderatorToken: MODERATOR_TOKEN };

  let server: Server | undefined;
  const teardown = async () => {
    server?.close();
    // wrangler runs workerd as a child: end the whole process group we started.
    if (worker.pid && worker.exitCode === null) process.kill(-worker.pid, "SIGTERM");
    await rm(persist, { recursive: true, force: true });
  };
  try {
    await waitForHealth(workerOrigin, worker, () => output);
    server = createServer((req, res) => {
      const url = new URL(req.url ?? "/", hostOrigin);
      if (!url.pathname.startsWith("/articles/")) return res.writeHead(404).end();
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end(renderHostPage(e2e, url));
    });
    await new Promise<void>((resolve) => server!.listen(hostPort, "127.0.0.1", resolve));
    for (const [site, settings] of Object.entries(SITES)) {
      const response = await fetch(`${workerOrigin}/api/mod/sites/${site}`, {
        method: "PUT",
        headers: { Authorization: `Bearer ${MODERATOR_TOKEN}`, "Content-Type": "application/json" },
        body: JSON.stringify({ name: site, origins: [hostOrigin], settings }),
      });
      if (!response.ok)
        throw new Error(`PUT site ${site}: ${response.status} ${await response.text()}`);
    }
  } catch (error) {
    await teardown();
    throw error;
  }
  if (!existsSync(path.join(root, "dist/public/embed.js"))) throw new Error("widget not built");
  project.provide("e2e", e2e);
  return teardown;
}
