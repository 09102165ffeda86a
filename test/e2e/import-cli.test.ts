/**
 * The command-line importer (scripts/import.ts, `npm run import`) against the e2e
 * `wrangler dev`: counts, idempotence, resuming after an interruption, a missing token; an
 * Isso database (SQLite) and a giscus repository read from a local stand-in for GitHub's
 * API serving recorded answers (`--github-api`).
 */
import { spawn } from "node:child_process";
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordedAnswer, type GraphqlRequest } from "../importers/github-answers";
import { databaseFile } from "../importers/node/database-file";
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

/**
 * Starts the CLI in its own process group (npx → tsx → node), so it can be killed whole.
 * `source` is the export file, or the arguments naming a source that is no file.
 */
function start(
  site: string,
  source: string | string[],
  token: string | undefined = env().moderatorToken,
) {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  delete childEnv.MODERATOR_TOKEN;
  if (token) childEnv.MODERATOR_TOKEN = token;
  const sourceArgs = typeof source === "string" ? ["--file", source] : source;
  const args = ["tsx", "scripts/import.ts", "--site", site, ...sourceArgs];
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

const runImport = (site: string, source: string | string[], token?: string) =>
  start(site, source, token).done;

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

  it("imports an Isso database (SQLite, detected from its bytes) once", async () => {
    const site = await newSite("import-cli-isso");
    const fixtures = path.join(root, "test/fixtures/import");
    const sql = await Promise.all(
      ["isso-schema.sql", "isso-comments.sql"].map((name) =>
        readFile(path.join(fixtures, name), "utf8"),
      ),
    );
    const file = path.join(dir, "comments.db");
    await writeFile(file, await databaseFile(...sql));

    const first = await runImport(site, file);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(
      /: 7 comments added in 3 new threads; 3 skipped \(.*\); 0 were already there\./,
    );
    const second = await runImport(site, file);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/: 0 comments added in 0 new threads; .*7 were already there\./);
    expect(await exportedComments(site)).toBe(7);
  });

  it("imports a giscus repository's discussions from GitHub's API (a stand-in serving recorded answers) once", async () => {
    const requests: string[] = [];
    const gitHub: Server = createServer((request, response) => {
      let text = "";
      request.on("data", (chunk) => (text += chunk));
      request.on("end", () => {
        requests.push(`${request.method} ${request.url} ${request.headers.authorization}`);
        const url = new URL(request.url ?? "/", "http://github.test");
        const graphql = text ? (JSON.parse(text) as GraphqlRequest) : null;
        const { status, headers, body } = recordedAnswer(url, graphql);
        response.writeHead(status, headers).end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => gitHub.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = gitHub.address() as AddressInfo;
      const site = await newSite("import-cli-giscus");
      const source = ["--format", "giscus", "--repo", "owner/site-comments"];
      source.push("--token", "ghp_e2eToken", "--github-api", `http://127.0.0.1:${port}`);

      const first = await runImport(site, source);
      expect(first.code, first.stderr).toBe(0);
      // 7 comments on 2 pages; spam, abuse, a bare deleted comment and a page only a
      // title names are left out.
      expect(first.stdout).toMatch(
        /: 7 comments added in 2 new threads; 4 skipped \(.*\); 0 were already there\./,
      );
      expect(requests[0]).toBe("POST /graphql Bearer ghp_e2eToken");
      const second = await runImport(site, source);
      expect(second.code, second.stderr).toBe(0);
      expect(second.stdout).toMatch(
        /: 0 comments added in 0 new threads; .*7 were already there\./,
      );
      expect(await exportedComments(site)).toBe(7);
    } finally {
      await new Promise((resolve) => gitHub.close(resolve));
    }
  });
});
