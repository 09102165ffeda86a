/**
 * The D1 database's steps, shared by setup, upgrade and deploy: find the database by the
 * config's database_name or create it, write its id into the config, apply the migrations
 * it has not recorded. A config whose id the account does not have stops everything: it
 * may be another account's database, and guessing would deploy against the wrong data.
 */
import { OperatorError } from "./errors";
import { alreadyRight, type Step } from "./steps";
import { localMigrations, relative, writeDatabaseId, type ParleyConfig } from "./wrangler-config";
import {
  appliedMigrations,
  applyMigrations,
  createDatabase,
  listDatabases,
  type RemoteDatabase,
  type Wrangler,
} from "./wrangler";

export interface DatabaseFacts {
  found: RemoteDatabase | undefined;
  pending: string[];
  /** True when the database exists but the config does not name it yet, so it was not asked. */
  pendingUnread: boolean;
}

export async function readDatabaseFacts(
  wrangler: Wrangler,
  config: ParleyConfig,
): Promise<DatabaseFacts> {
  const { id, name } = config.database;
  const databases = await listDatabases(wrangler);
  const found = id ? databases.find((d) => d.uuid === id) : databases.find((d) => d.name === name);
  if (id && !found)
    throw new OperatorError(
      `${relative(config.file)} names D1 database ${id}, which this Cloudflare account does not have. ` +
        'Log in to the account that has it (`npx wrangler login`), or delete the database_id line to let this command find or create "' +
        `${name}".`,
    );
  const local = await localMigrations(config);
  // A database that does not exist yet has recorded nothing; one that exists is asked.
  const applied = found && id ? await appliedMigrations(wrangler, config.database.binding) : [];
  return {
    found,
    pending: local.filter((file) => !applied.includes(file)),
    pendingUnread: Boolean(found && !id),
  };
}

/** The steps that leave the database existing, named in the config and migrated. */
export function databaseSteps(
  wrangler: Wrangler,
  config: ParleyConfig,
  facts: DatabaseFacts,
): Step[] {
  const { name } = config.database;
  let database = facts.found;
  const steps: Step[] = [];
  steps.push(
    database
      ? alreadyRight(`D1 database "${name}" exists (${database.uuid})`)
      : {
          title: `create the D1 database "${name}"`,
          run: async () => void (database = await createDatabase(wrangler, name)),
        },
  );
  steps.push(
    config.database.id
      ? alreadyRight(`${relative(config.file)} names it`)
      : {
          title: `write its database_id into ${relative(config.file)}`,
          run: async () => {
            await writeDatabaseId(config.file, database!.uuid);
            config.database.id = database!.uuid;
          },
        },
  );
  steps.push(
    facts.pending.length
      ? {
          title: facts.pendingUnread
            ? `apply the migrations it has not recorded (wrangler checks each of ${facts.pending.length})`
            : `apply ${facts.pending.length} migration(s): ${facts.pending.join(", ")}`,
          run: () => applyMigrations(wrangler, config.database.binding),
        }
      : alreadyRight("every migration is applied"),
  );
  return steps;
}
