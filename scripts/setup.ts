/**
 * `npm run setup -- --origin https://blog.example`: from a fresh clone to a deployed Parley
 * with its first site, in one command. Logs in through wrangler if needed, finds or creates
 * the D1 database and writes its id into the wrangler config (or the untracked copy named
 * with --config), applies the migrations, generates the secrets the Worker lacks (never
 * replacing one), deploys, creates the site, and prints the addresses, the moderator token
 * (only when it was just made: it is never shown again) and the embed snippet.
 *
 * Run it again at any time: a step that is already right is only reported. `--dry-run`
 * reads the account and prints the plan without changing anything.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { canAsk } from "./operations/ask";
import { databaseSteps, readDatabaseFacts } from "./operations/database";
import { OperatorError, runOperation } from "./operations/errors";
import { readSetupOptions } from "./operations/options";
import { ensureLoggedIn, siteSteps, workerSteps, type Deployed } from "./operations/setup-steps";
import { embedSnippet } from "./operations/site";
import { carryOut } from "./operations/steps";
import {
  ensureConfigFile,
  readConfig,
  relative,
  trackedConfig,
} from "./operations/wrangler-config";

runOperation(async () => {
  const options = readSetupOptions(process.argv.slice(2));
  const dryRun = options["dry-run"];
  const configFile = path.resolve(options.config ?? trackedConfig);
  console.log(`Parley setup${dryRun ? ", dry run: nothing is changed" : ""}.`);

  if (!existsSync(configFile)) {
    if (dryRun) console.log(`  • would create ${relative(configFile)} from wrangler.toml`);
    else if ((await ensureConfigFile(configFile)) === "created")
      console.log(`  → created ${relative(configFile)} from wrangler.toml (keep it out of git)`);
  }
  // A dry run plans with wrangler.toml where the named config does not exist yet.
  const config = await readConfig(existsSync(configFile) ? configFile : trackedConfig);
  const wrangler = { config: config.file };
  await ensureLoggedIn(wrangler, dryRun);

  const database = await readDatabaseFacts(wrangler, config);
  // Read before the steps run: writing the id fills config.database.id in.
  const changed = !database.found || !config.database.id || database.pending.length > 0;
  await carryOut(databaseSteps(wrangler, config, database), { dryRun });

  const deployed: Deployed = { url: options.url, newSecrets: {} };
  await carryOut(await workerSteps(wrangler, deployed, changed, dryRun), { dryRun });
  await carryOut(await siteSteps(deployed, options, dryRun), { dryRun });
  if (dryRun) return;
  if (!deployed.url)
    throw new OperatorError(
      "wrangler did not say where the Worker answers: run `npx wrangler deployments status` to see it.",
    );

  const site = deployed.site;
  console.log(`\nParley is running at ${deployed.url}`);
  console.log(`  desk: ${deployed.url}/admin/`);
  if (deployed.newSecrets.MODERATOR_TOKEN)
    console.log(
      `  moderator token (shown this once; keep it in a password manager):\n    ${deployed.newSecrets.MODERATOR_TOKEN}`,
    );
  if (site)
    console.log(
      `\nPaste this where comments belong on ${site.origin}:\n\n${embedSnippet(deployed.url, site.id)}\n`,
    );
  else if (!canAsk())
    console.log("\nNo site yet: run `npm run setup -- --origin https://your.blog` to add one.");
  console.log("Next: docs/getting-started.md (a custom domain, checking it works).");
});
