/**
 * `npm run upgrade`: moves this clone to the newest release and ships it. Fetches the
 * releases (git-release.ts says what one is), shows what the release changes (migrations to
 * apply, settings added, dependencies), then moves the checkout by a fast-forward merge,
 * installs dependencies when they changed, and runs the release's own `npm run deploy`
 * (its checks, its migrations, its Worker). `--dry-run` fetches and shows, nothing more;
 * `--to v0.2.0` picks a release; `--config` names the untracked config setup wrote.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { runOperation, OperatorError } from "./operations/errors";
import { findRelease, holds, localDatabaseId, moveTo } from "./operations/git-release";
import { readUpgradeOptions } from "./operations/options";
import { printReleaseNotes, readReleaseNotes } from "./operations/release-notes";
import { carryOut, type Step } from "./operations/steps";
import { projectRoot, relative, trackedConfig } from "./operations/wrangler-config";

/** A command in the owner's terminal (its output is theirs to read), failing with a sentence. */
function inTerminal(command: string, args: string[], fix: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: projectRoot, stdio: "inherit" });
    child.on("error", reject);
    child.on("close", (status) =>
      status === 0
        ? resolve()
        : reject(
            new OperatorError(`\`${[path.basename(command), ...args].join(" ")}\` failed. ${fix}`),
          ),
    );
  });
}

runOperation(async () => {
  const options = readUpgradeOptions(process.argv.slice(2));
  const dryRun = options["dry-run"];
  const configFile = path.resolve(options.config ?? trackedConfig);
  console.log(`Parley upgrade${dryRun ? ", dry run: nothing is changed" : ""}.`);

  const release = await findRelease(options.to);
  const databaseId = await localDatabaseId();
  if (await holds(release)) {
    const newer = release.commit !== release.current;
    console.log(
      `  ✓ this checkout ${newer ? "already contains" : "is"} ${release.name}; ` +
        "`npm run deploy` ships it again if needed.",
    );
    return;
  }
  const notes = await readReleaseNotes(release);
  printReleaseNotes(release, notes, configFile !== trackedConfig);

  const deployArgs = ["scripts/deploy.ts", "--config", relative(configFile)];
  const steps: Step[] = [
    {
      title: `move this checkout to ${release.name} (git merge --ff-only)${databaseId ? ", keeping wrangler.toml's database_id" : ""}`,
      run: () => moveTo(release, databaseId),
    },
  ];
  if (notes.dependenciesChanged)
    steps.push({
      title: "install the release's dependencies (npm install)",
      run: () =>
        inTerminal(
          "npm",
          ["install", "--no-audit", "--no-fund"],
          "Run `npm install` yourself, then `npm run deploy`.",
        ),
    });
  steps.push({
    title: "check, migrate and deploy it (the release's npm run deploy)",
    run: () =>
      inTerminal(
        process.execPath,
        [path.join(projectRoot, "node_modules/tsx/dist/cli.mjs"), ...deployArgs],
        `The checkout is now ${release.name}: fix what the deploy named and run \`npm run deploy\`.`,
      ),
  });
  await carryOut(steps, { dryRun });
  if (!dryRun) console.log(`\nParley ${release.name} is deployed.`);
});
