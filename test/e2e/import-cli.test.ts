/**
 * The command-line importer (scripts/import.ts, `npm run import`) against the e2e
 * `wrangler dev`: counts, idempotence, resuming after an interruption, a missing token.
 */
import { spawn } from "node:child_process";
import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env, moderate, uniqueSlug } from "./helpers";

const root = path.resolve(import.meta.dirname, "../..");
const fixture = path.join(root, "test/fixtures/import/wordpress-theme-unit-test.xml");
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "parley-import-cli-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts the CLI in its own process group (npx → tsx → node), so it can be killed whole. */
function start(site: string, file: string, token: string | undefined = env().moderatorToken) {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  delete childEnv.MODERATOR_TOKEN;
  if (token) childEnv.MODERATOR_TOKEN = token;
  const args = ["tsx", "scripts/import.ts", "--site", site, "--file", file];
  args.push("--url", env().workerOrigin, "--chunk-size", "5");
  const child = spawn("npx", args, {
    cwd: root,
    env: childEnv,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const run: Run = { code: null, stdout: "", stderr: "" };
  child.stdout.on("data", (chunk) => (run.stdout += chunk));
  child.stderr.on("data", (chunk) => (run.stderr += chunk));
  const done = new Promise<Run>((resolve) =>
    child.on("close", (code) => resolve({ ...run, code })),
  );
  return { child, done };
}

const runImport = (site: string, file: string, token?: string) => start(site, file, token).done;

async function newSite(name: string): Promise<string> {
  const site = uniqueSlug(name);
  await moderate(`/sites/${site}`, {
    method: "PUT",
    body: { name: site, origins: [env().hostOrigin] },
  });
  return site;
}

async function copyFixture(name: string): Promise<string> {
  const file = path.join(dir, `${name}.xml`);
  await copyFile(fixture, file);
  return file;
}

async function exportedComments(site: string): Promise<number> {
  const data = (await moderate(`/export?site=${site}`)) as {
    threads: { comments: unknown[] }[];
  };
  return data.threads.reduce((sum, thread) => sum + thread.comments.length, 0);
}

describe("npm run import", () => {
  it("imports the WordPress theme unit test export once, and adds nothing the second time", async () => {
    const site = await newSite("import-cli");
    const file = await copyFixture("twice");

    const first = await runImport(site, file);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(
      /: 29 comments added in 7 new threads; 4 skipped \(.*\); 0 were already there\./,
    );
    expect(await exportedComments(site)).toBe(29);
    expect(existsSync(`${file}.parley-import.json`)).toBe(false);

    const second = await runImport(site, file);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/: 0 comments added in 0 new threads; .*29 were already there\./);
    expect(await exportedComments(site)).toBe(29);
  });

  it("resumes after an interruption from the progress file beside the export", async () => {
    const site = await newSite("import-cli-resume");
    const file = await copyFixture("resume");
    const progress = `${file}.parley-import.json`;

    const { child, done } = start(site, file);
    // Kill it as soon as the first chunk is recorded.
    while (!existsSync(progress) && child.exitCode === null)
      await new Promise((resolve) => setTimeout(resolve, 5));
    if (child.exitCode === null) process.kill(-child.pid!, "SIGKILL");
    await done;
    expect(existsSync(progress), "the import finished before it could be interrupted").toBe(true);

    const resumed = await runImport(site, file);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/Resuming after \d+ of \d+ chunks\./);
    // A chunk the server took just before the kill is sent again and adds nothing.
    const [, added, already] = /: (\d+) comments added.* (\d+) were already there\./.exec(
      resumed.stdout,
    )!;
    expect(Number(added) + Number(already)).toBe(29);
    expect(await exportedComments(site)).toBe(29);
    expect(existsSync(progress)).toBe(false);
  });

  it("stops with a [parley import] message when MODERATOR_TOKEN is missing", async () => {
    const file = await copyFixture("no-token");
    const run = await runImport("whatever", file, "");
    expect(run.code).toBe(1);
    expect(run.stderr.trimStart()).toMatch(/^\[parley import\] Set MODERATOR_TOKEN/);
  });
});
