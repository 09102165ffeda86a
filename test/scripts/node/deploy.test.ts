/**
 * `npm run deploy` against the real wrangler and the fake Cloudflare API: it refuses what
 * would break production (a type error, a failed migration) and nothing else (a formatting
 * slip ships), and on an account with no database yet (a Deploy to Cloudflare button's
 * first build) it finds or creates the database, migrates it and deploys.
 */
import { spawnSync } from "node:child_process";
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

import { repoRoot, runScript, useFakeProject } from "./project";

describe("npm run deploy", () => {
  const ctx = useFakeProject(["worker"]);
  let entry: string;
  let original: string;
  beforeAll(async () => {
    entry = path.join(ctx.project.dir, "worker/index.ts");
    original = await readFile(entry, "utf8");
  });

  it("refuses a Worker that does not type-check, before touching the account", async () => {
    await writeFile(entry, `${original}\nexport const broken: number = "not a number";\n`);
    const ran = await runScript(ctx.project, "deploy");
    expect(ran.status).toBe(1);
    expect(ran.stderr).toContain("✘ Not deployed: it is not true that the Worker type-checks.");
    expect(ctx.fake.calls).toEqual([]);
  });

  it("stops at a failed migration and deploys nothing", async () => {
    await writeFile(entry, original);
    ctx.fake.failingMigration = "0003_mail.sql";
    const ran = await runScript(ctx.project, "deploy");
    expect(ran.status).toBe(1);
    expect(ran.stderr).toMatch(
      /✘ `wrangler d1 migrations apply` failed: .*SQLITE_ERROR.*Nothing after the failed migration was applied/,
    );
    expect(ran.stderr).not.toMatch(/^\s+at /m);
    expect(ctx.fake.databases[0]!.applied).toEqual(["0001_init.sql", "0002_posting_pipeline.sql"]);
    expect(ctx.fake.deployments).toEqual([]);
  });

  it("ships despite a formatting slip, applying the migrations it lacks first", async () => {
    ctx.fake.failingMigration = undefined;
    // Three blank lines where Prettier wants one: `npm run check` fails, a deploy does not.
    await writeFile(entry, original.replace("\n", "\n\n\n\n"));
    const prettier = spawnSync(process.execPath, [
      path.join(repoRoot, "node_modules/prettier/bin/prettier.cjs"),
      "--check",
      entry,
    ]);
    expect(prettier.status).not.toBe(0);

    const ran = await runScript(ctx.project, "deploy");
    expect(ran.stderr).toBe("");
    expect(ran.status).toBe(0);
    // Every migration but the two the failed run above applied.
    const migrations = (await readdir(path.join(repoRoot, "migrations"))).filter((name) =>
      name.endsWith(".sql"),
    );
    expect(ran.stdout).toContain(`apply ${migrations.length - 2} migration(s): 0003_mail.sql`);
    expect(ran.stdout).toContain("Deployed: https://parley.parley-test.workers.dev.");
    expect(ctx.fake.databases[0]!.applied).toHaveLength(migrations.length);
    expect(ctx.fake.deployments.map((d) => d.name)).toEqual(["parley"]);
    // The database the build found is written into the config, for wrangler's later calls.
    expect(await readFile(path.join(ctx.project.dir, "wrangler.toml"), "utf8")).toContain(
      `database_id = "${ctx.fake.databases[0]!.uuid}"`,
    );
    expect(ctx.fake.unknown).toEqual([]);
  });
});
