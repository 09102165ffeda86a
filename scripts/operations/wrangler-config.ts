/**
 * The wrangler config the operations scripts deploy with: wrangler.toml, or an untracked
 * copy of it named with `--config` (so a `git pull` never meets a local database_id). Edits
 * go through toml-patch, which keeps every comment and line the owner did not ask to change.
 */
import { copyFile, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parse, patch } from "@decimalturn/toml-patch";
import * as z from "zod";
import { OperatorError } from "./errors";

/** npm runs scripts from the project's root, which holds the config, the code and wrangler. */
export const projectRoot = process.cwd();
export const trackedConfig = path.join(projectRoot, "wrangler.toml");

/** The binding Parley's code reads; other [[d1_databases]] entries are per-site databases. */
const MAIN_BINDING = "DB";

const configSchema = z.looseObject({
  name: z.string(),
  d1_databases: z.array(
    z.looseObject({
      binding: z.string(),
      database_name: z.string(),
      database_id: z.string().optional(),
      migrations_dir: z.string().default("migrations"),
    }),
  ),
});

export interface ParleyConfig {
  file: string;
  workerName: string;
  database: { binding: string; name: string; id: string | undefined; migrationsDir: string };
}

export async function readConfig(file: string): Promise<ParleyConfig> {
  let parsed;
  try {
    parsed = configSchema.safeParse(parse(await readFile(file, "utf8")));
  } catch (error) {
    throw new OperatorError(
      `${relative(file)} is not valid TOML (${(error as Error).message.split("\n")[0]}): fix it, or start again from \`git checkout wrangler.toml\`.`,
    );
  }
  const database = parsed.success
    ? parsed.data.d1_databases.find((d) => d.binding === MAIN_BINDING)
    : undefined;
  if (!parsed.success || !database)
    throw new OperatorError(
      `${relative(file)} has no [[d1_databases]] entry with binding = "${MAIN_BINDING}" and a database_name: compare it with wrangler.toml and put it back.`,
    );
  const { database_name: name, database_id: id, migrations_dir: migrationsDir } = database;
  return {
    file,
    workerName: parsed.data.name,
    database: { binding: MAIN_BINDING, name, id, migrationsDir },
  };
}

/** Writes the main database's id, changing nothing else in the file. */
export async function writeDatabaseId(file: string, id: string): Promise<void> {
  const text = await readFile(file, "utf8");
  const document = configSchema.parse(parse(text));
  const database = document.d1_databases.find((d) => d.binding === MAIN_BINDING)!;
  database.database_id = id;
  await writeFile(file, patch(text, document));
}

/**
 * An untracked config starts as a copy of wrangler.toml. It must sit beside it: wrangler
 * resolves `main`, `migrations_dir` and the assets' directory relative to the config file.
 */
export async function ensureConfigFile(file: string): Promise<"exists" | "created"> {
  if (path.dirname(file) !== projectRoot)
    throw new OperatorError(
      `Put ${file} beside wrangler.toml (${projectRoot}): the paths in it are relative to where it is.`,
    );
  try {
    await readFile(file);
    return "exists";
  } catch {
    await copyFile(trackedConfig, file);
    return "created";
  }
}

/** The migration files in the project, in the order wrangler applies them. */
export async function localMigrations(config: ParleyConfig): Promise<string[]> {
  const files = await readdir(path.join(path.dirname(config.file), config.database.migrationsDir));
  return files.filter((file) => file.endsWith(".sql")).sort();
}

export const relative = (file: string) => path.relative(process.cwd(), file) || file;
