/**
 * A throwaway copy of the project for running the operations scripts against the fake
 * Cloudflare API: its own wrangler.toml (which setup edits) beside links to the real code,
 * migrations and node_modules, and an environment that points the real wrangler at the fake
 * with nothing cached outside the temporary folder (else the fake account's id would be
 * kept in node_modules/.cache for the next run).
 */
import { spawn } from "node:child_process";
import { cp, copyFile, mkdir, mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll } from "vitest";
import { startFakeCloudflare, type FakeCloudflare } from "./fake-cloudflare";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const LINKED = [
  "worker",
  "migrations",
  "scripts",
  "widget",
  "admin",
  "node_modules",
  "package.json",
  "tsconfig.json",
  "tsconfig.worker.json",
  "worker-configuration.d.ts",
];

export interface Project {
  dir: string;
  env: NodeJS.ProcessEnv;
  remove(): Promise<void>;
}

/** `copied`: folders the test changes (a real copy); everything else is a link. */
export async function makeProject(fake: FakeCloudflare, copied: string[] = []): Promise<Project> {
  const dir = await mkdtemp(path.join(tmpdir(), "parley-ops-"));
  for (const name of LINKED) {
    if (copied.includes(name))
      await cp(path.join(repoRoot, name), path.join(dir, name), { recursive: true });
    else await symlink(path.join(repoRoot, name), path.join(dir, name));
  }
  await copyFile(path.join(repoRoot, "wrangler.toml"), path.join(dir, "wrangler.toml"));
  // The build (wrangler's [build] command) writes the repository's dist/public.
  await mkdir(path.join(dir, "dist"));
  await symlink(path.join(repoRoot, "dist/public"), path.join(dir, "dist/public"));
  const env = fakeCloudflareEnv(fake, dir);
  return { dir, env, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A fake account and a project copy for the tests of one describe block. */
export function useFakeProject(copied: string[] = []): { fake: FakeCloudflare; project: Project } {
  const context = {} as { fake: FakeCloudflare; project: Project };
  beforeAll(async () => {
    context.fake = await startFakeCloudflare();
    context.project = await makeProject(context.fake, copied);
  });
  afterAll(async () => {
    await context.project.remove();
    await context.fake.close();
  });
  return context;
}

/**
 * Wrangler pointed at the fake, non-interactive, with its caches and config in `dir` (else
 * the fake account's id would be cached in node_modules/.cache for the next run).
 */
export function fakeCloudflareEnv(fake: FakeCloudflare, dir: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: dir,
    CLOUDFLARE_API_BASE_URL: fake.apiBaseUrl,
    CLOUDFLARE_API_TOKEN: "fake-api-token",
    CLOUDFLARE_ACCOUNT_ID: fake.accountId,
    CI: "true",
    WRANGLER_SEND_METRICS: "false",
    WRANGLER_HIDE_BANNER: "true",
    WRANGLER_CACHE_DIR: path.join(dir, ".cache/wrangler"),
    XDG_CONFIG_HOME: path.join(dir, ".config"),
  };
}

export interface Ran {
  status: number;
  stdout: string;
  stderr: string;
}

/** `npm run <script> -- args` as an owner types it, in the project copy (asynchronously: the fake answers in this process). */
export function runScript(
  project: Project,
  script: string,
  args: string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<Ran> {
  const tsx = path.join(repoRoot, "node_modules/tsx/dist/cli.mjs");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsx, path.join("scripts", `${script}.ts`), ...args], {
      cwd: project.dir,
      env: { ...project.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status: status ?? 1, stdout, stderr }));
  });
}
