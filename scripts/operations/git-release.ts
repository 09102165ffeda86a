/**
 * What "pull a release" means for a git clone of Parley: releases are the `v*` tags of the
 * `origin` remote (the newest by version unless `--to` names a tag or branch; with no tags,
 * the remote's default branch). The checkout moves to it by a fast-forward merge only, and
 * only from a clean tree: the one local change allowed is the database_id that setup wrote
 * into wrangler.toml, which is set aside and written back (an untracked `--config` copy
 * needs neither).
 */
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";
import { OperatorError } from "./errors";
import { projectRoot, readConfig, trackedConfig, writeDatabaseId } from "./wrangler-config";

const exec = promisify(execFile);

export async function git(...args: string[]): Promise<string> {
  try {
    const { stdout } = await exec("git", args, { cwd: projectRoot, maxBuffer: 16 * 1024 * 1024 });
    // Only the end: `status --porcelain` lines start with a meaningful space.
    return stdout.trimEnd();
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim().split("\n")[0] ?? "";
    throw new OperatorError(`\`git ${args.join(" ")}\` failed${stderr ? `: ${stderr}` : ""}.`);
  }
}

export interface Release {
  name: string;
  commit: string;
  current: string;
}

/** Fetches origin and names the release to move to. */
export async function findRelease(to: string | undefined): Promise<Release> {
  if (!(await git("remote")).split("\n").includes("origin"))
    throw new OperatorError(
      "This checkout has no `origin` remote to take releases from: `git remote add origin <Parley's repository>`, then run this again.",
    );
  await git("fetch", "--tags", "--quiet", "origin");
  const tags = (await git("tag", "--list", "v*", "--sort=-v:refname")).split("\n").filter(Boolean);
  const name = to ?? tags[0] ?? (await git("rev-parse", "--abbrev-ref", "origin/HEAD"));
  let commit;
  try {
    commit = await git("rev-parse", "--verify", "--quiet", `${name}^{commit}`);
  } catch {
    throw new OperatorError(`There is no release "${name}": \`git tag --list 'v*'\` lists them.`);
  }
  return { name, commit, current: await git("rev-parse", "HEAD") };
}

/** Whether the checkout already holds the release (it is the release, or newer). */
export async function holds(release: Release): Promise<boolean> {
  try {
    await git("merge-base", "--is-ancestor", release.commit, release.current);
    return true;
  } catch {
    return false;
  }
}

/**
 * The database_id setup wrote into the tracked wrangler.toml, when that is the only local
 * change; any other change to a tracked file stops the upgrade, since the merge would
 * overwrite it or fail halfway.
 */
export async function localDatabaseId(): Promise<string | undefined> {
  const changed = (await git("status", "--porcelain", "--untracked-files=no"))
    .split("\n")
    .filter(Boolean);
  const others = changed.map((line) => line.slice(3)).filter((file) => file !== "wrangler.toml");
  const stop = (files: string) =>
    new OperatorError(
      `Not upgrading: ${files} changed in this checkout. Commit them on a branch of your own or ` +
        "undo them (`git stash`), and keep your settings in an untracked config (`--config`); then run this again.",
    );
  if (others.length) throw stop(others.join(", "));
  if (!changed.length) return undefined;
  const { database } = await readConfig(trackedConfig);
  const committed = await git("show", "HEAD:wrangler.toml");
  const withoutId = (await readFile(trackedConfig, "utf8"))
    .split("\n")
    .filter((line) => !/^database_id\s*=/.test(line));
  if (!database.id || withoutId.join("\n").trimEnd() !== committed)
    throw stop("wrangler.toml (more than its database_id)");
  return database.id;
}

/** Moves the checkout to the release, carrying the database_id over. */
export async function moveTo(release: Release, databaseId: string | undefined): Promise<void> {
  if (databaseId) await git("checkout", "--", "wrangler.toml");
  try {
    await git("merge", "--ff-only", "--quiet", release.commit);
  } catch (error) {
    throw new OperatorError(
      `${(error as Error).message} This checkout has commits that ${release.name} does not: merge it yourself ` +
        `(\`git merge ${release.name}\`), then run \`npm run deploy\`.`,
    );
  } finally {
    if (databaseId) await writeDatabaseId(trackedConfig, databaseId);
  }
}

/** The release's files that differ from the checkout's, by path. */
export async function changedFiles(
  release: Release,
  under: string,
): Promise<{ added: string[]; changed: string[] }> {
  const lines = (await git("diff", "--name-status", release.current, release.commit, "--", under))
    .split("\n")
    .filter(Boolean);
  const byStatus = (status: string) =>
    lines.filter((l) => l.startsWith(status)).map((l) => l.split("\t").at(-1)!);
  return { added: byStatus("A"), changed: byStatus("M") };
}

export const fileAt = (commit: string, file: string) => git("show", `${commit}:${file}`);
