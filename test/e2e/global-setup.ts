/**
 * Builds the widget, starts `wrangler dev` on a throwaway local D1, serves article pages
 * from a second origin (so the widget runs cross-origin, as on a real blog), and registers
 * the test sites. Tests read the addresses with inject("e2e").
 */
import { existsSync } from "node:fs";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { createServer, type Server, type ServerResponse } from "node:http";
import path from "node:path";
import type { TestProject } from "vitest/node";
// @ts-expect-error: a plain ES module script without type declarations
import { buildAssets } from "../../scripts/build-assets.mjs";
import { freePort, startLocalWorker } from "../../scripts/local-worker";
import { renderHostPage, renderListPage, SITES, type E2eEnv } from "./host-pages";

declare module "vitest" {
  export interface ProvidedContext {
    e2e: E2eEnv;
  }
}

const root = path.resolve(import.meta.dirname, "../..");
const MODERATOR_TOKEN = "e2e-moderator-token";
const SECRET_KEY = "e2e-secret-key-0123456789abcdef-0123456789";

export default async function setup(project: TestProject) {
  await buildAssets({ log: false });
  const workerLog = path.join(await mkdtemp(path.join(tmpdir(), "parley-e2e-")), "wrangler.log");
  const pagesDir = await mkdtemp(path.join(tmpdir(), "parley-e2e-pages-"));
  const worker = await startLocalWorker({
    moderatorToken: MODERATOR_TOKEN,
    secretKey: SECRET_KEY,
    mail: true,
    logFile: workerLog,
    // Cloudflare's documented always-passing test secret; these machines cannot reach
    // siteverify, so the Worker's real client answers "could not be checked".
    vars: { TURNSTILE_SECRET: "1x0000000000000000000000000000000AA" },
  });
  const hostPort = await freePort();
  const workerOrigin = worker.origin;
  const hostOrigin = `http://localhost:${hostPort}`;
  const e2e: E2eEnv = {
    workerOrigin,
    hostOrigin,
    moderatorToken: MODERATOR_TOKEN,
    workerLog,
    pagesDir,
    d1Dir: worker.persist,
  };

  let server: Server | undefined;
  // Interrupted (Ctrl-C), vitest exits without running teardowns, and wrangler, in a process
  // group of its own, would outlive it: stop it as the process ends.
  const stopOnExit = () => worker.stop();
  process.once("exit", stopOnExit);
  const teardown = async () => {
    process.off("exit", stopOnExit);
    server?.close();
    worker.stop();
  };
  try {
    server = createServer(async (req, res) => {
      const url = new URL(req.url ?? "/", hostOrigin);
      if (url.pathname.startsWith("/pages/")) return servePage(pagesDir, url, res);
      const render = url.pathname.startsWith("/articles/")
        ? renderHostPage
        : url.pathname.startsWith("/lists/")
          ? renderListPage
          : null;
      if (!render) return res.writeHead(404).end();
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end(render(e2e, url));
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

/**
 * /pages/<name>.html: a page a test wrote into pagesDir (a static site's built file, say),
 * served as it is from the host origin. Names are flat: no directories, no way out of it.
 */
async function servePage(pagesDir: string, url: URL, res: ServerResponse): Promise<void> {
  const name = url.pathname.slice("/pages/".length);
  if (!/^[\w.-]+\.html$/.test(name)) return void res.writeHead(404).end();
  try {
    const body = await readFile(path.join(pagesDir, name));
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(body);
  } catch {
    res.writeHead(404).end();
  }
}
