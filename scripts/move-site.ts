/**
 * Moves one site into a D1 database of its own (docs/server-rendering.md, "A database per large site"):
 *
 *   npm run move-site -- copy    --site big-blog --from DB --to DB_BIG_BLOG [--local]
 *   npm run move-site -- catch-up --site big-blog --from DB --to DB_BIG_BLOG [--local]
 *   npm run move-site -- verify  --site big-blog --from DB --to DB_BIG_BLOG [--local]
 *   npm run move-site -- delete  --site big-blog --from DB --to DB_BIG_BLOG [--local] --yes
 *
 * `--from` and `--to` are binding (or database) names from wrangler.toml; the work is done
 * through `wrangler d1 execute` (`--remote` unless `--local`), the copying logic is
 * scripts/site-move.ts, tested in workerd against two local D1 databases.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import * as z from "zod";
import { siteIdSchema } from "../worker/schemas/common";
import { compareSite, copySite, deleteSite, type SqlDatabase } from "./site-move";

function fail(message: string): never {
  console.error(`[parley move-site] ${message}`);
  process.exit(1);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    site: { type: "string" },
    from: { type: "string" },
    to: { type: "string" },
    local: { type: "boolean", default: false },
    yes: { type: "boolean", default: false },
    config: { type: "string" },
  },
});

const bindingSchema = z.string().regex(/^[\w-]+$/, "a binding or database name");
const argsSchema = z.object({
  step: z.enum(["copy", "catch-up", "verify", "delete"]),
  site: siteIdSchema,
  from: bindingSchema,
  to: bindingSchema,
});
const parsed = argsSchema.safeParse({ step: positionals[0], ...values });
if (!parsed.success) {
  fail(
    `${parsed.error.issues.map((issue) => `${issue.path.join(".") || "step"}: ${issue.message}`).join("; ")}\n` +
      "Usage: npm run move-site -- copy|catch-up|verify|delete --site S --from DB --to DB_NEW [--local] [--yes]",
  );
}
const { step, site, from, to } = parsed.data;
if (from === to) fail("--from and --to name the same database.");

const resultsSchema = z.array(z.object({ results: z.array(z.record(z.string(), z.unknown())) }));

/** `wrangler d1 execute` as a SqlDatabase. */
function wranglerDatabase(name: string): SqlDatabase {
  const base = ["wrangler", "d1", "execute", name, values.local ? "--local" : "--remote", "--json"];
  if (values.config) base.push("--config", values.config);
  const run = (extra: string[]) => {
    const result = spawnSync("npx", [...base, ...extra], {
      encoding: "utf8",
      maxBuffer: 512 * 1024 * 1024,
    });
    if (result.status !== 0) {
      fail(`wrangler d1 execute ${name} failed:\n${result.stderr || result.stdout}`);
    }
    const output = resultsSchema.safeParse(JSON.parse(result.stdout));
    if (!output.success) fail(`wrangler d1 execute ${name} answered something unexpected.`);
    return output.data;
  };
  return {
    async select(sql) {
      return run(["--command", sql])[0]?.results ?? [];
    },
    async write(statements) {
      if (statements.length === 0) return;
      const dir = mkdtempSync(path.join(tmpdir(), "parley-move-"));
      try {
        const file = path.join(dir, "batch.sql");
        writeFileSync(file, statements.map((statement) => `${statement};`).join("\n"));
        run(["--file", file, "--yes"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

const source = wranglerDatabase(from);
const target = wranglerDatabase(to);
const where = values.local ? "local" : "remote";

async function verify(): Promise<boolean> {
  const rows = await compareSite(source, target, site);
  console.table(rows);
  return rows.every((row) => row.source === row.target);
}

try {
  if (step === "copy" || step === "catch-up") {
    console.log(`Copying ${site} from ${from} to ${to} (${where}, ${step})…`);
    const report = await copySite(source, target, site, {
      mode: step === "copy" ? "sync" : "catch-up",
      progress: (line) => console.log(`  ${line}`),
    });
    const deleted = report.reduce((sum, row) => sum + row.deleted, 0);
    if (deleted) console.log(`  ${deleted} rows the source no longer has were removed from ${to}.`);
    if (step === "copy" && !(await verify())) fail("The counts differ: run copy again.");
  } else if (step === "verify") {
    if (!(await verify())) {
      console.log(
        "The counts differ. Before the switch: run copy again. After it, the new database " +
          "has moved on (new comments, expired rows): compare what you expect.",
      );
      process.exitCode = 1;
    }
  } else {
    await verify();
    if (!values.yes) {
      fail(
        `This deletes every row of ${site} from ${from} (${where}). Run it only once the ` +
          `switch is deployed and catch-up has run; add --yes to go ahead.`,
      );
    }
    const deleted = await deleteSite(source, target, site);
    console.log(`Deleted ${deleted} rows of ${site} from ${from}.`);
  }
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
