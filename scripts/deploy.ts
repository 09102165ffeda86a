/**
 * `npm run deploy`: ships this checkout to Cloudflare. It refuses only what would break
 * production: a Worker that does not type-check, a size budget overrun, a migration that
 * fails (deploy-checks.ts). Then it finds or creates the D1 database named in the config
 * (the Deploy to Cloudflare button's build runs this too, before any id is written),
 * applies the migrations it lacks, and deploys. `--config` names an untracked config,
 * `--dry-run` prints the plan.
 */
import path from "node:path";
import { z } from "zod";
import { databaseSteps, readDatabaseFacts } from "./operations/database";
import { DEPLOY_CHECKS, runCheck } from "./operations/deploy-checks";
import { runOperation } from "./operations/errors";
import { readOptions } from "./operations/options";
import { carryOut } from "./operations/steps";
import { readConfig, trackedConfig } from "./operations/wrangler-config";
import { deploy } from "./operations/wrangler";

const USAGE = "Usage: npm run deploy -- [--config wrangler.production.toml] [--dry-run]";

runOperation(async () => {
  const options = readOptions(
    process.argv.slice(2),
    { config: { type: "string" }, "dry-run": { type: "boolean" } },
    z.object({ config: z.string().optional(), "dry-run": z.boolean().default(false) }),
    USAGE,
  );
  const dryRun = options["dry-run"];
  const config = await readConfig(path.resolve(options.config ?? trackedConfig));
  const wrangler = { config: config.file };
  console.log(`Parley deploy${dryRun ? ", dry run: nothing is changed" : ""}.`);
  for (const check of DEPLOY_CHECKS) {
    await runCheck(check);
    console.log(`  ✓ ${check.name}`);
  }
  await carryOut(databaseSteps(wrangler, config, await readDatabaseFacts(wrangler, config)), {
    dryRun,
  });
  if (dryRun) return console.log("  • would deploy the Worker");
  console.log("  → deploy the Worker");
  const [address] = await deploy(wrangler, {});
  console.log(`\nDeployed${address ? `: ${address}` : ""}.`);
});
