/**
 * `npm run upgrade` on a clone of an upstream with two releases (v0.1.0, v0.2.0: one more
 * migration and one more setting), set up at v0.1.0 with the database_id in wrangler.toml,
 * against the real wrangler and the fake Cloudflare API.
 */
import { execFileSync } from "node:child_process";
import {
  copyFile,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  symlink,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeCloudflare, type FakeCloudflare } from "./fake-cloudflare";
import { fakeCloudflareEnv, LINKED, repoRoot, runScript, type Project } from "./project";

const NEW_SETTING = { description: "A setting v0.2.0 adds." };
const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: "Parley",
  GIT_AUTHOR_EMAIL: "releases@parley.example",
  GIT_COMMITTER_NAME: "Parley",
  GIT_COMMITTER_EMAIL: "releases@parley.example",
};
const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", args, { cwd, env: gitEnv, encoding: "utf8" }).trim();

/** An upstream whose v0.1.0 lacks the newest migration and v0.2.0 adds it and a setting. */
async function makeUpstream(dir: string) {
  await mkdir(path.join(dir, "migrations"), { recursive: true });
  const migrations = (await readdir(path.join(repoRoot, "migrations")))
    .filter((f) => f.endsWith(".sql"))
    .sort();
  const copyMigration = (file: string) =>
    copyFile(path.join(repoRoot, "migrations", file), path.join(dir, "migrations", file));
  for (const file of migrations.slice(0, -1)) await copyMigration(file);
  for (const name of LINKED.filter(
    (n) => !["migrations", "node_modules", "package.json"].includes(n),
  ))
    await symlink(path.join(repoRoot, name), path.join(dir, name));
  await copyFile(path.join(repoRoot, "wrangler.toml"), path.join(dir, "wrangler.toml"));
  const packageJson = JSON.parse(await readFile(path.join(repoRoot, "package.json"), "utf8"));
  await writeFile(path.join(dir, "package.json"), JSON.stringify(packageJson, null, 2));
  git(dir, "init", "--quiet", "--initial-branch=main");
  git(dir, "add", ".");
  git(dir, "commit", "--quiet", "-m", "v0.1.0");
  git(dir, "tag", "v0.1.0");
  await copyMigration(migrations.at(-1)!);
  packageJson.cloudflare.bindings.NEW_SETTING = NEW_SETTING;
  await writeFile(path.join(dir, "package.json"), JSON.stringify(packageJson, null, 2));
  git(dir, "add", ".");
  git(dir, "commit", "--quiet", "-m", "v0.2.0: a migration and a setting");
  git(dir, "tag", "v0.2.0");
  return migrations;
}

describe("npm run upgrade", () => {
  let fake: FakeCloudflare;
  let root: string;
  let project: Project;
  let migrations: string[];
  const head = () => git(project.dir, "rev-parse", "HEAD");
  beforeAll(async () => {
    fake = await startFakeCloudflare();
    root = await mkdtemp(path.join(tmpdir(), "parley-upgrade-"));
    migrations = await makeUpstream(path.join(root, "upstream"));
    const dir = path.join(root, "clone");
    git(root, "clone", "--quiet", "upstream", "clone");
    git(dir, "reset", "--quiet", "--hard", "v0.1.0");
    await symlink(path.join(repoRoot, "node_modules"), path.join(dir, "node_modules"));
    await mkdir(path.join(dir, "dist"));
    await symlink(path.join(repoRoot, "dist/public"), path.join(dir, "dist/public"));
    project = {
      dir,
      env: fakeCloudflareEnv(fake, path.join(root, "home")),
      remove: async () => {},
    };
    // What setup left at v0.1.0: the database, migrated, its id in the tracked wrangler.toml.
    const uuid = "5c9e2f6a-3b1d-4e8f-9a7c-2d4b6e8f0a1c";
    fake.databases.push({
      uuid,
      name: "parley",
      created_at: "2026-12-01T00:00:00Z",
      applied: migrations.slice(0, -1),
      statements: [],
    });
    const toml = path.join(dir, "wrangler.toml");
    const named = 'database_name = "parley"\n';
    await writeFile(
      toml,
      (await readFile(toml, "utf8")).replace(named, `${named}database_id = "${uuid}"\n`),
    );
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
    await fake.close();
  });

  it("shows what the release changes on a dry run and moves nothing", async () => {
    const before = head();
    const ran = await runScript(project, "upgrade", ["--dry-run"]);
    expect(ran.stderr).toBe("");
    expect(ran.stdout).toContain("v0.2.0: 1 commit(s) after this checkout");
    expect(ran.stdout).toContain(`migrations to apply: ${migrations.at(-1)}`);
    expect(ran.stdout).toContain(`new setting NEW_SETTING: ${NEW_SETTING.description}`);
    expect(ran.stdout).toContain(
      "would move this checkout to v0.2.0 (git merge --ff-only), keeping wrangler.toml's database_id",
    );
    expect(ran.stdout).toContain("would check, migrate and deploy it");
    expect(head()).toBe(before);
    expect(fake.calls).toEqual([]);
  });

  it("refuses a checkout with local changes besides the database_id, saying what to do", async () => {
    const file = path.join(project.dir, "package.json");
    const text = await readFile(file, "utf8");
    await writeFile(file, text.replace('"private": true', '"private": false'));
    const ran = await runScript(project, "upgrade");
    expect(ran.status).toBe(1);
    expect(ran.stderr).toMatch(
      /✘ Not upgrading: package\.json changed in this checkout\. Commit them on a branch/,
    );
    expect(ran.stderr).not.toMatch(/^\s+at /m);
    await writeFile(file, text);
  });

  it("moves to the newest release, keeps the database_id, applies the new migration and deploys", async () => {
    const ran = await runScript(project, "upgrade");
    expect(ran.status).toBe(0);
    expect(head()).toBe(git(project.dir, "rev-parse", "v0.2.0^{commit}"));
    expect(await readFile(path.join(project.dir, "wrangler.toml"), "utf8")).toContain(
      `database_id = "${fake.databases[0]!.uuid}"`,
    );
    expect(fake.databases[0]!.applied).toEqual(migrations);
    expect(fake.deployments.map((d) => d.name)).toEqual(["parley"]);
    expect(ran.stdout).toContain("Parley v0.2.0 is deployed.");
    expect(fake.unknown).toEqual([]);
  });

  it("says the checkout is already the newest release when run again", async () => {
    const mark = fake.calls.length;
    const ran = await runScript(project, "upgrade");
    expect(ran.status).toBe(0);
    expect(ran.stdout).toContain("✓ this checkout is v0.2.0");
    expect(fake.callsSince(mark)).toEqual([]);
  });
});
