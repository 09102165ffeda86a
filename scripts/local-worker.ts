/**
 * A throwaway Parley for the browser tests and the paint benchmark: `wrangler dev` on a
 * temporary local D1 with the migrations applied, plus Debian's Chromium started the way
 * this machine allows. Shared so both start the Worker (and the browser) the same way.
 */
import { execFileSync, spawn } from "node:child_process";
import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";

const root = path.resolve(import.meta.dirname, "..");

export interface LocalWorker {
  origin: string;
  /** The local D1's directory (`wrangler d1 execute --local --persist-to` it). */
  persist: string;
  /** Ends wrangler (and the workerd it started) at once; safe to call more than once. */
  kill(): void;
  /** Ends wrangler and deletes the temporary database. */
  stop(): void;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startLocalWorker(options: {
  /** The two secrets; when left out, wrangler reads them from `.dev.vars`. */
  moderatorToken?: string;
  secretKey?: string;
  /** A fixed port (else a free one) and a lasting database (else a temporary one). */
  port?: number;
  persistTo?: string;
  /** SQL files run after the migrations, e.g. scripts/seed-demo.sql. */
  seedFiles?: string[];
  /** More bindings, as `wrangler dev --var NAME:value`. */
  vars?: Record<string, string>;
  /**
   * Mail through a local Email Service binding (Miniflare writes each mail's text and HTML
   * to temporary files and logs their paths), with PUBLIC_URL pointing at this Worker.
   */
  mail?: boolean;
  /** Where wrangler's output goes as it comes (for tests that read what was logged). */
  logFile?: string;
  /** Also show wrangler's output on this process's stdout (a developer's own run). */
  echo?: boolean;
}): Promise<LocalWorker> {
  const persist = options.persistTo ?? (await mkdtemp(path.join(tmpdir(), "parley-local-")));
  const env = { ...process.env, CI: "true", NO_COLOR: "1", WRANGLER_SEND_METRICS: "false" };
  const wrangler = (...args: string[]) =>
    execFileSync("npx", ["wrangler", ...args], { cwd: root, env, stdio: "pipe" });
  wrangler("d1", "migrations", "apply", "DB", "--local", "--persist-to", persist);
  for (const file of options.seedFiles ?? []) {
    wrangler("d1", "execute", "DB", "--local", "--persist-to", persist, "--file", file);
  }

  const [port, inspectorPort] = [options.port ?? (await freePort()), await freePort()];
  const origin = `http://127.0.0.1:${port}`;
  const args = ["wrangler", "dev", "--ip", "127.0.0.1", "--port", String(port)];
  // The production config leaves the binding commented out; a copy beside it (so its
  // relative paths still hold) turns it on for this run only.
  const mailConfig = options.mail ? path.join(root, `.wrangler-mail-${port}.toml`) : null;
  if (mailConfig) {
    const config = readFileSync(path.join(root, "wrangler.toml"), "utf8");
    writeFileSync(mailConfig, `${config}\n[[send_email]]\nname = "EMAIL"\n`);
    args.push("--config", mailConfig, "--var", `PUBLIC_URL:${origin}`);
  }
  args.push("--inspector-port", String(inspectorPort), "--persist-to", persist);
  if (options.moderatorToken) args.push("--var", `MODERATOR_TOKEN:${options.moderatorToken}`);
  if (options.secretKey) args.push("--var", `SECRET_KEY:${options.secretKey}`);
  for (const [name, value] of Object.entries(options.vars ?? {})) {
    args.push("--var", `${name}:${value}`);
  }
  const child = spawn("npx", args, {
    cwd: root,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const record = (chunk: Buffer) => {
    output += chunk;
    if (options.logFile) appendFileSync(options.logFile, chunk);
    if (options.echo) process.stdout.write(chunk);
  };
  child.stdout!.on("data", record);
  child.stderr!.on("data", record);

  const kill = () => {
    // wrangler runs workerd as a child: end the whole process group started here.
    if (child.pid && child.exitCode === null) process.kill(-child.pid, "SIGTERM");
  };
  const worker: LocalWorker = {
    origin,
    persist,
    kill,
    stop() {
      kill();
      if (!options.persistTo) rmSync(persist, { recursive: true, force: true });
      if (mailConfig) rmSync(mailConfig, { force: true });
    },
  };
  try {
    await waitForHealth(
      origin,
      () => child.exitCode !== null,
      () => output,
    );
  } catch (error) {
    worker.stop();
    throw error;
  }
  return worker;
}

async function waitForHealth(origin: string, exited: () => boolean, log: () => string) {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (exited()) throw new Error(`wrangler dev exited:\n${log()}`);
    try {
      if ((await fetch(`${origin}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`wrangler dev did not become healthy:\n${log()}`);
}

/** Debian's Chromium, without the background network this machine refuses. */
export function launchChromium(): Promise<Browser> {
  const executablePath = existsSync("/usr/bin/chromium")
    ? "/usr/bin/chromium"
    : execFileSync("sh", ["-c", "command -v chromium"]).toString().trim();
  return chromium.launch({
    executablePath,
    // launch() gives every run a fresh temporary user-data-dir of its own.
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}
