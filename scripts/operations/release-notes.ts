/**
 * What a release changes for a running Parley, read from git before anything moves: the
 * migrations it adds (applied by the deploy), the settings it adds (secrets and bindings
 * described in package.json's `cloudflare.bindings`), whether wrangler.toml changed (which an
 * untracked `--config` copy does not follow by itself) and whether dependencies changed.
 */
import path from "node:path";
import * as z from "zod";
import { changedFiles, fileAt, git, type Release } from "./git-release";

const bindingsSchema = z.object({
  cloudflare: z
    .object({ bindings: z.record(z.string(), z.object({ description: z.string() })) })
    .optional(),
});

export interface ReleaseNotes {
  commits: number;
  migrations: string[];
  settings: { name: string; description: string }[];
  configChanged: boolean;
  dependenciesChanged: boolean;
}

async function bindingsAt(commit: string) {
  const parsed = bindingsSchema.safeParse(JSON.parse(await fileAt(commit, "package.json")));
  return parsed.success ? (parsed.data.cloudflare?.bindings ?? {}) : {};
}

export async function readReleaseNotes(release: Release): Promise<ReleaseNotes> {
  const [before, after] = [await bindingsAt(release.current), await bindingsAt(release.commit)];
  const log = await git("rev-list", "--count", `${release.current}..${release.commit}`);
  const migrations = (await changedFiles(release, "migrations")).added.filter((f) =>
    f.endsWith(".sql"),
  );
  const config = await changedFiles(release, "wrangler.toml");
  const lock = await changedFiles(release, "package-lock.json");
  return {
    commits: Number(log),
    migrations: migrations.map((file) => path.basename(file)).sort(),
    settings: Object.entries(after)
      .filter(([name]) => !(name in before))
      .map(([name, { description }]) => ({ name, description })),
    configChanged: config.changed.length > 0,
    dependenciesChanged: lock.changed.length > 0,
  };
}

export function printReleaseNotes(
  release: Release,
  notes: ReleaseNotes,
  untrackedConfig: boolean,
): void {
  console.log(
    `\n${release.name}: ${notes.commits} commit(s) after this checkout (${release.current.slice(0, 7)}).`,
  );
  console.log(
    notes.migrations.length
      ? `  migrations to apply: ${notes.migrations.join(", ")} (back up first: docs/upgrading.md)`
      : "  no new migrations",
  );
  if (!notes.settings.length) console.log("  no new settings");
  for (const { name, description } of notes.settings)
    console.log(`  new setting ${name}: ${description}`);
  if (notes.configChanged && untrackedConfig)
    console.log(
      "  wrangler.toml changed: carry the change into your config " +
        `(\`git diff ${release.current.slice(0, 7)} ${release.name} -- wrangler.toml\`)`,
    );
  if (notes.dependenciesChanged) console.log("  dependencies changed (npm install runs first)");
  console.log("");
}
