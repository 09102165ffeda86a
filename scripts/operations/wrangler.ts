/**
 * Every call the operations scripts make to Cloudflare, through the project's own wrangler
 * (so its login, its API token and `CLOUDFLARE_API_BASE_URL` all apply). Each call returns
 * parsed facts or throws an OperatorError whose message is wrangler's own error line and
 * what to do about it.
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import * as z from "zod";
import { OperatorError } from "./errors";
import { projectRoot } from "./wrangler-config";

const wranglerBin = path.join(projectRoot, "node_modules/wrangler/bin/wrangler.js");

interface Outcome {
  status: number;
  output: string;
}

export interface Wrangler {
  /** The wrangler config file every call uses (`--config`). */
  config: string;
}

function run(
  { config }: Wrangler,
  args: string[],
  { interactive = false, env = {} }: { interactive?: boolean; env?: Record<string, string> } = {},
): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [wranglerBin, ...args, "--config", config], {
      cwd: projectRoot,
      env: { ...process.env, WRANGLER_HIDE_BANNER: "true", ...env },
      stdio: interactive ? "inherit" : ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => (output += chunk));
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status: status ?? 1, output }));
  });
}

/**
 * Wrangler's error, without colours: the "✘ [ERROR] …" line and the lines that explain it
 * (a failed migration names D1's error on the next line), not the log file's address or the
 * invitation to report a bug. Its last line when there is no such error.
 */
export function wranglerError(output: string): string {
  // eslint-disable-next-line no-control-regex
  const plain = output.replace(/\u001b\[[0-9;]*m/g, "");
  const start = plain.search(/\[ERROR\]/);
  if (start < 0) return plain.trim().split("\n").at(-1)?.trim() || "no output";
  const lines = plain
    .slice(start)
    .replace(/^\[ERROR\]\s*/, "")
    .split("\n");
  const end = lines.findIndex((line) => /^🪵|If you think this is a bug/.test(line.trim()));
  return lines
    .slice(0, end < 0 ? undefined : end)
    .map((line) => line.trim())
    .filter(Boolean)
    .join(" ")
    .replace(/[.:]$/, "");
}

async function succeed(wrangler: Wrangler, args: string[], fix: string, env = {}) {
  const outcome = await run(wrangler, args, { env });
  if (outcome.status !== 0)
    throw new OperatorError(
      `\`wrangler ${args.slice(0, 3).join(" ")}\` failed: ${wranglerError(outcome.output)}. ${fix}`,
    );
  return outcome.output;
}

/** JSON printed after any notices wrangler writes before it. */
function jsonIn(output: string): unknown {
  const start = output.search(/^[[{]/m);
  if (start < 0) throw new OperatorError(`wrangler printed no JSON: ${wranglerError(output)}.`);
  return JSON.parse(output.slice(start));
}

export async function isLoggedIn(wrangler: Wrangler): Promise<boolean> {
  return (await run(wrangler, ["whoami", "--json"])).status === 0;
}

/** `wrangler login`, in the owner's terminal (it opens a browser). */
export async function logIn(wrangler: Wrangler): Promise<void> {
  const { status } = await run(wrangler, ["login"], { interactive: true });
  if (status !== 0)
    throw new OperatorError(
      "Logging in to Cloudflare did not finish: run `npx wrangler login` yourself, then this command again.",
    );
}

const databasesSchema = z.array(z.object({ uuid: z.string(), name: z.string() }));
export type RemoteDatabase = z.infer<typeof databasesSchema>[number];

export async function listDatabases(wrangler: Wrangler): Promise<RemoteDatabase[]> {
  const output = await succeed(
    wrangler,
    ["d1", "list", "--json"],
    "Check that you are logged in to the right account (`npx wrangler whoami`).",
  );
  return databasesSchema.parse(jsonIn(output));
}

export async function createDatabase(wrangler: Wrangler, name: string): Promise<RemoteDatabase> {
  await succeed(
    wrangler,
    ["d1", "create", name],
    "Create it in the dashboard (Storage & Databases → D1) and run this command again.",
  );
  const created = (await listDatabases(wrangler)).find((database) => database.name === name);
  if (!created)
    throw new OperatorError(
      `D1 database "${name}" was created but is not listed yet: run this command again in a minute.`,
    );
  return created;
}

const executeSchema = z.array(z.object({ results: z.array(z.object({ name: z.string() })) }));

/** The migrations the remote database has recorded (none for a new one). */
export async function appliedMigrations(wrangler: Wrangler, binding: string): Promise<string[]> {
  const args = [
    "d1",
    "execute",
    binding,
    "--remote",
    "--json",
    "--command",
    "SELECT name FROM d1_migrations ORDER BY id",
  ];
  const outcome = await run(wrangler, args);
  if (outcome.status !== 0) {
    if (/no such table: d1_migrations/.test(outcome.output)) return [];
    throw new OperatorError(
      `Could not read which migrations the database has: ${wranglerError(outcome.output)}.`,
    );
  }
  return executeSchema
    .parse(jsonIn(outcome.output))
    .flatMap(({ results }) => results.map(({ name }) => name));
}

export async function applyMigrations(wrangler: Wrangler, binding: string): Promise<void> {
  // CI=true: wrangler asks before applying; the plan was already shown (or the owner ran deploy).
  await succeed(
    wrangler,
    ["d1", "migrations", "apply", binding, "--remote"],
    "Nothing after the failed migration was applied; fix what it names and run this command again.",
    { CI: "true" },
  );
}

const secretsSchema = z.array(z.object({ name: z.string() }));

/** Names of the Worker's secrets, or null when the Worker does not exist yet. */
export async function secretNames(wrangler: Wrangler): Promise<string[] | null> {
  const outcome = await run(wrangler, ["secret", "list", "--format", "json"]);
  if (outcome.status !== 0) {
    if (/not found|does not exist/i.test(wranglerError(outcome.output))) return null;
    throw new OperatorError(
      `Could not list the Worker's secrets: ${wranglerError(outcome.output)}.`,
    );
  }
  return secretsSchema.parse(jsonIn(outcome.output)).map(({ name }) => name);
}

const deployRecordSchema = z.object({
  type: z.literal("deploy"),
  targets: z.array(z.string()).optional(),
});

/**
 * `wrangler deploy`, with new secrets uploaded in the same version (so the Worker never runs
 * without them). Returns the addresses it answers on (workers.dev first), read from the
 * JSON lines wrangler writes to WRANGLER_OUTPUT_FILE_PATH.
 */
export async function deploy(
  wrangler: Wrangler,
  secrets: Record<string, string>,
): Promise<string[]> {
  const dir = await mkdtemp(path.join(tmpdir(), "parley-deploy-"));
  try {
    const args = ["deploy"];
    if (Object.keys(secrets).length) {
      const file = path.join(dir, "secrets.json");
      await writeFile(file, JSON.stringify(secrets), { mode: 0o600 });
      args.push("--secrets-file", file);
    }
    const outputFile = path.join(dir, "output.jsonl");
    await succeed(
      wrangler,
      args,
      "Nothing was deployed; fix what it names and run this command again.",
      {
        WRANGLER_OUTPUT_FILE_PATH: outputFile,
      },
    );
    const lines = (await readFile(outputFile, "utf8")).split("\n").filter(Boolean);
    const records = lines.map((line) => deployRecordSchema.safeParse(JSON.parse(line)));
    return records.flatMap((record) => (record.success ? (record.data.targets ?? []) : []));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The addresses a deployed Worker answers on, without uploading a new version:
 * `wrangler triggers deploy` sets the routes and crons the config already names (no change
 * when they are already so) and prints the addresses.
 */
export async function workerAddresses(wrangler: Wrangler): Promise<string[]> {
  const output = await succeed(
    wrangler,
    ["triggers", "deploy"],
    "Check the routes in your wrangler config.",
  );
  return [...output.matchAll(/^\s+(https:\/\/\S+)$/gm)].map(([, url]) => url!);
}
