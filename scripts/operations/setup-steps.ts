/**
 * Setup's steps after the database: the Worker (its secrets and deploy) and the first site.
 * Each is built from facts read first, so a dry run prints exactly what a real run does.
 */
import { ask, canAsk } from "./ask";
import { OperatorError } from "./errors";
import type { SetupOptions } from "./options";
import { pastedOriginSchema } from "./options";
import { generateSecrets, REQUIRED_SECRETS } from "./secrets";
import { createSite, siteExists, siteIdFor } from "./site";
import { alreadyRight, type Step } from "./steps";
import { deploy, isLoggedIn, logIn, secretNames, workerAddresses, type Wrangler } from "./wrangler";

/** What the run learns as it goes: where the Worker answers, what it made. */
export interface Deployed {
  url: string | undefined;
  newSecrets: Record<string, string>;
  site?: { id: string; origin: string };
}

export async function ensureLoggedIn(wrangler: Wrangler, dryRun: boolean): Promise<void> {
  if (await isLoggedIn(wrangler)) return;
  if (dryRun || !canAsk())
    throw new OperatorError(
      "Not logged in to Cloudflare: run `npx wrangler login` (or set CLOUDFLARE_API_TOKEN to a token " +
        "that may edit Workers and D1), then run this command again.",
    );
  console.log("  → log in to Cloudflare (wrangler opens your browser)");
  await logIn(wrangler);
}

/**
 * Secrets the Worker lacks are generated and uploaded with the deploy. The Worker is
 * deployed when it does not exist yet or this run changed what it runs on (a database, a
 * migration, a secret); otherwise its code is npm run deploy's business, and setup only asks
 * for its address (`wrangler triggers deploy`, which uploads no new version).
 */
export async function workerSteps(
  wrangler: Wrangler,
  deployed: Deployed,
  changed: boolean,
  dryRun: boolean,
): Promise<Step[]> {
  const names = await secretNames(wrangler);
  const missing = REQUIRED_SECRETS.filter((name) => !names?.includes(name));
  const steps: Step[] = [
    missing.length
      ? {
          title: `generate ${missing.join(" and ")} (uploaded with the deploy)`,
          run: async () => void (deployed.newSecrets = generateSecrets(missing)),
        }
      : alreadyRight(`the Worker has its secrets (${REQUIRED_SECRETS.join(", ")})`),
  ];
  if (names === null || missing.length || changed) {
    steps.push({
      title: names === null ? "deploy the Worker for the first time" : "deploy the Worker",
      run: async () => {
        const addresses = await deploy(wrangler, deployed.newSecrets);
        deployed.url ??= addresses[0];
      },
    });
  } else {
    steps.push(alreadyRight("the Worker is deployed (`npm run deploy` ships code changes)"));
    if (!dryRun) deployed.url ??= (await workerAddresses(wrangler))[0];
  }
  return steps;
}

/** The site from --origin, or from a question in a terminal; none when neither gives one. */
export async function siteSteps(
  deployed: Deployed,
  options: SetupOptions,
  dryRun: boolean,
): Promise<Step[]> {
  const origin = options.origin ?? (dryRun ? undefined : await askOrigin());
  if (!origin) return [];
  const id = options.site ?? siteIdFor(origin);
  const create: Step = {
    title: `create the site "${id}" for ${origin}`,
    run: async () => {
      const token = deployed.newSecrets.MODERATOR_TOKEN ?? (await moderatorToken(id));
      await createSite(deployed.url!, token, id, origin);
      deployed.site = { id, origin };
    },
  };
  if (!deployed.url) return [{ ...create, title: `${create.title} (unless the Worker has it)` }];
  if (!(await siteExists(deployed.url, id))) return [create];
  deployed.site = { id, origin };
  return [alreadyRight(`the site "${id}" exists`)];
}

async function askOrigin(): Promise<string | undefined> {
  if (!canAsk()) return undefined;
  const answer = await ask(
    "Your blog's address, for its first site (https://blog.example; Enter to skip): ",
  );
  if (!answer) return undefined;
  const origin = pastedOriginSchema.safeParse(answer);
  if (!origin.success)
    throw new OperatorError(
      `"${answer}" is not an address: run again with --origin https://your.blog.`,
    );
  return origin.data;
}

/** The token made on an earlier run, which setup does not keep. */
async function moderatorToken(site: string): Promise<string> {
  const fromEnv = process.env.PARLEY_MODERATOR_TOKEN;
  if (fromEnv) return fromEnv;
  if (canAsk()) return ask("Moderator token (printed when setup first ran): ");
  throw new OperatorError(
    `Creating the site "${site}" needs the moderator token printed by the first setup: ` +
      "run again with PARLEY_MODERATOR_TOKEN=… in front of the command.",
  );
}
