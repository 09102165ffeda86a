/**
 * `npm run setup` against the real wrangler and a fake of Cloudflare's API that records every
 * call: what a dry run reads, what a fresh account gets, that a second run changes nothing,
 * that SECRET_KEY is never replaced, and that every stop is a sentence naming the fix.
 */
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { RecordedCall } from "./fake-cloudflare";
import { repoRoot, runScript, useFakeProject, type Ran } from "./project";

/** A call that changes something on the account (reading a table is a POST too). */
const changes = (call: RecordedCall) =>
  call.method !== "GET" &&
  !/^\s*SELECT name FROM d1_migrations/i.test(JSON.parse(call.body || "{}").sql ?? "");

/** A stop says what to do in a sentence: no stack trace, no wrangler log dump. */
function expectStop(ran: Ran, sentence: RegExp) {
  expect(ran.status).toBe(1);
  expect(ran.stderr).toMatch(sentence);
  expect(ran.stderr).not.toMatch(/^\s+at /m);
}

describe("npm run setup on a fresh account", () => {
  const ctx = useFakeProject();
  const toml = () => readFile(path.join(ctx.project.dir, "wrangler.toml"), "utf8");

  it("prints the plan on a dry run and changes nothing", async () => {
    const ran = await runScript(ctx.project, "setup", [
      "--dry-run",
      "--origin",
      "https://blog.example",
    ]);
    expect(ran.status).toBe(0);
    expect(ran.stdout).toContain('would create the D1 database "parley"');
    const migrations = (await readdir(path.join(repoRoot, "migrations"))).filter((name) =>
      name.endsWith(".sql"),
    );
    expect(ran.stdout).toContain(`would apply ${migrations.length} migration(s): 0001_init.sql`);
    expect(ran.stdout).toContain("would generate SECRET_KEY and MODERATOR_TOKEN");
    expect(ran.stdout).toContain('would create the site "blog" for https://blog.example');
    expect(ctx.fake.calls.filter(changes)).toEqual([]);
    expect(await toml()).toBe(await readFile(path.join(repoRoot, "wrangler.toml"), "utf8"));
  });

  it("creates the database, migrates, makes the secrets, deploys and adds the site", async () => {
    const pasted = "https://blog.example/2026/12/hello-world";
    const ran = await runScript(ctx.project, "setup", [
      "--origin",
      pasted,
      "--url",
      ctx.fake.workerUrl,
    ]);
    expect(ran.stderr).toBe("");
    expect(ran.status).toBe(0);

    const [database] = ctx.fake.databases;
    expect(ctx.fake.databases.map((d) => d.name)).toEqual(["parley"]);
    const original = await readFile(path.join(repoRoot, "wrangler.toml"), "utf8");
    const written = await toml();
    expect(written).toContain(`database_id = "${database!.uuid}"`);
    // Only the id was added: every line of the tracked file, comments included, is still there.
    expect(written.split("\n").filter((line) => !line.startsWith("database_id"))).toEqual(
      original.split("\n"),
    );
    expect(database!.applied).toEqual((await readdirSql()).sort());

    const secrets = ctx.fake.secrets.get("parley")!;
    expect([...secrets.keys()].sort()).toEqual(["MODERATOR_TOKEN", "SECRET_KEY"]);
    expect(secrets.get("SECRET_KEY")!.length).toBeGreaterThanOrEqual(32);
    expect(ctx.fake.deployments).toHaveLength(1);
    expect(ctx.fake.sites.get("blog")).toEqual({
      name: "blog.example",
      origins: ["https://blog.example"],
    });

    expect(ran.stdout).toContain(`Parley is running at ${ctx.fake.workerUrl}`);
    expect(ran.stdout).toContain(`desk: ${ctx.fake.workerUrl}/admin/`);
    expect(ran.stdout).toContain(secrets.get("MODERATOR_TOKEN"));
    expect(ran.stdout).toContain(
      `<script src="${ctx.fake.workerUrl}/embed.js" data-site="blog" async></script>`,
    );
    expect(ctx.fake.unknown).toEqual([]);
  });

  it("changes nothing that is already right when run again, and shows no token", async () => {
    const mark = ctx.fake.calls.length;
    const secretsBefore = new Map(ctx.fake.secrets.get("parley"));
    const tomlBefore = await toml();
    const ran = await runScript(ctx.project, "setup", [
      "--origin",
      "https://blog.example",
      "--url",
      ctx.fake.workerUrl,
    ]);
    expect(ran.status).toBe(0);
    expect(ctx.fake.callsSince(mark).filter(changes)).toEqual([]);
    expect(await toml()).toBe(tomlBefore);
    expect(ctx.fake.secrets.get("parley")).toEqual(secretsBefore);
    expect(ran.stdout).toContain('✓ the site "blog" exists');
    expect(ran.stdout).not.toContain("moderator token");
    expect(ran.stdout).not.toContain(secretsBefore.get("MODERATOR_TOKEN"));
  });

  it("makes only the secret that is missing, never a new SECRET_KEY", async () => {
    const secrets = ctx.fake.secrets.get("parley")!;
    const secretKey = secrets.get("SECRET_KEY");
    secrets.delete("MODERATOR_TOKEN");
    const ran = await runScript(ctx.project, "setup", ["--url", ctx.fake.workerUrl]);
    expect(ran.status).toBe(0);
    expect(ran.stdout).toContain("generate MODERATOR_TOKEN (uploaded with the deploy)");
    expect(secrets.get("SECRET_KEY")).toBe(secretKey);
    const uploaded = ctx.fake.deployments.at(-1)!.bindings.filter((b) => b.type === "secret_text");
    expect(uploaded.map((b) => b.name)).toEqual(["MODERATOR_TOKEN"]);
    expect(ran.stdout).toContain(secrets.get("MODERATOR_TOKEN"));
  });

  it("stops with a sentence when the config names a database the account does not have", async () => {
    await writeFile(
      path.join(ctx.project.dir, "wrangler.toml"),
      (await toml()).replace(
        /database_id = ".*"/,
        'database_id = "6f0c1e55-0000-4000-8000-000000000000"',
      ),
    );
    const ran = await runScript(ctx.project, "setup", ["--dry-run"]);
    expectStop(
      ran,
      /which this Cloudflare account does not have\. Log in to the account that has it/,
    );
  });
});

describe("npm run setup with an untracked config and the workers.dev address", () => {
  const ctx = useFakeProject();

  it("writes the id into the copy named with --config and leaves wrangler.toml alone", async () => {
    const ran = await runScript(ctx.project, "setup", ["--config", "wrangler.production.toml"]);
    expect(ran.status).toBe(0);
    const copy = await readFile(path.join(ctx.project.dir, "wrangler.production.toml"), "utf8");
    expect(copy).toContain(`database_id = "${ctx.fake.databases[0]!.uuid}"`);
    expect(await readFile(path.join(ctx.project.dir, "wrangler.toml"), "utf8")).not.toContain(
      "database_id =",
    );
    expect(ran.stdout).toContain("Parley is running at https://parley.parley-test.workers.dev");
    expect(ran.stdout).toContain("No site yet: run `npm run setup -- --origin https://your.blog`");
  });

  it("finds the address again without uploading a new version", async () => {
    const uploads = ctx.fake.deployments.length;
    const ran = await runScript(ctx.project, "setup", ["--config", "wrangler.production.toml"]);
    expect(ran.status).toBe(0);
    expect(ctx.fake.deployments).toHaveLength(uploads);
    expect(ran.stdout).toContain("Parley is running at https://parley.parley-test.workers.dev");
  });

  it("stops with a sentence when not logged in", async () => {
    const ran = await runScript(ctx.project, "setup", [], { CLOUDFLARE_API_TOKEN: "" });
    expectStop(ran, /^\n?✘ Not logged in to Cloudflare: run `npx wrangler login`/);
  });

  it("stops with a sentence on a bad --origin, before asking Cloudflare anything", async () => {
    const mark = ctx.fake.calls.length;
    const ran = await runScript(ctx.project, "setup", ["--origin", "blog dot example"]);
    expectStop(
      ran,
      /--origin: Enter an origin such as https:\/\/news\.example\. Usage: npm run setup/,
    );
    expect(ctx.fake.callsSince(mark)).toEqual([]);
  });
});

async function readdirSql() {
  return (await readdir(path.join(repoRoot, "migrations"))).filter((f) => f.endsWith(".sql"));
}
