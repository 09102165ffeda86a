/**
 * Waline (`@waline/vercel`, https://waline.js.org), the comment system `npm run bench:peers`
 * measures Parley against. Nothing of it is committed: it is installed from npm at the
 * pinned version into bench/.peers/waline (git-ignored) on the first run, and started the
 * way its Docker image starts it (`node node_modules/@waline/vercel/vanilla.js`), on a fresh
 * SQLite database in a temporary directory, seeded directly with SQL.
 */
import { spawn } from "node:child_process";
import { access, mkdir, open, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { freePort } from "./free-port";
import { scratchDirectory } from "./scratch";
import type { SeedThread } from "./seed-data";

export const walineVersion = "1.39.3";

/** Where the bench installs Waline, relative to the repository's root. */
export const walineFolder = "bench/.peers/waline";

/** The user agent seeded comments carry and posts send (Waline parses it on every read). */
export const walineUserAgent =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36";

/**
 * Waline's three SQLite tables as its repository ships them (`assets/waline.sqlite`, which
 * the npm package does not include): the same columns, types and defaults, and, as there,
 * no index but the primary keys. The date defaults matter: Waline's inserts leave the dates
 * to them.
 */
const schema = `
CREATE TABLE wl_Comment (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER,
  comment TEXT,
  insertedAt DATETIME DEFAULT (datetime('now', 'localtime')),
  ip TEXT,
  link TEXT,
  mail TEXT,
  nick TEXT,
  rid INTEGER,
  pid INTEGER,
  sticky NUMERIC,
  status TEXT NOT NULL,
  "like" INTEGER,
  ua TEXT,
  url TEXT,
  createdAt DATETIME DEFAULT (datetime('now', 'localtime')),
  updatedAt DATETIME DEFAULT (datetime('now', 'localtime'))
);
CREATE TABLE wl_Counter (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  time INTEGER,
  reaction0 INTEGER, reaction1 INTEGER, reaction2 INTEGER, reaction3 INTEGER, reaction4 INTEGER,
  reaction5 INTEGER, reaction6 INTEGER, reaction7 INTEGER, reaction8 INTEGER,
  url TEXT,
  createdAt DATETIME DEFAULT (datetime('now', 'localtime')),
  updatedAt DATETIME DEFAULT (datetime('now', 'localtime'))
);
CREATE TABLE wl_Users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  display_name TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  password TEXT NOT NULL DEFAULT '',
  type TEXT NOT NULL,
  label TEXT, github TEXT, twitter TEXT, facebook TEXT, google TEXT, weibo TEXT, qq TEXT,
  oidc TEXT, huawei TEXT, "2fa" TEXT, avatar TEXT, url TEXT,
  createdAt DATETIME DEFAULT (datetime('now', 'localtime')),
  updatedAt DATETIME DEFAULT (datetime('now', 'localtime'))
);
`;

/** The parts of the `sqlite3` package (Waline's own, from its install) used here. */
interface SqliteDatabase {
  exec(sql: string, done: (error: Error | null) => void): void;
  run(sql: string, params: unknown[], done: (error: Error | null) => void): void;
  get(sql: string, params: unknown[], done: (error: Error | null, row: unknown) => void): void;
  close(done: (error: Error | null) => void): void;
}
interface Sqlite3 {
  Database: new (file: string, done: (error: Error | null) => void) => SqliteDatabase;
}

function command(cmd: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`bench: ${cmd} ${args.join(" ")} exited ${code}`)),
    );
  });
}

/**
 * Installs Waline at the pinned version unless it is there already; returns the folder.
 * Its `sqlite3` dependency builds its native module from source (a few minutes; needs
 * python3, make and g++), since no prebuilt binary can be downloaded here.
 */
export async function installWaline(root: string): Promise<string> {
  const dir = path.join(root, walineFolder);
  const manifest = path.join(dir, "node_modules/@waline/vercel/package.json");
  const installed = await readFile(manifest, "utf8")
    .then((text) => (JSON.parse(text) as { version: string }).version)
    .catch(() => null);
  if (installed !== walineVersion) {
    console.log(
      `installing @waline/vercel@${walineVersion} into ${walineFolder} ` +
        "(sqlite3 builds from source: about 3 minutes)",
    );
    await mkdir(dir, { recursive: true });
    // npm runs a dependency's install script only where the project allows it.
    await writeFile(
      path.join(dir, "package.json"),
      `${JSON.stringify({ private: true, allowScripts: { sqlite3: true } }, null, 2)}\n`,
    );
    await command(
      "npm",
      ["install", "--prefix", dir, `@waline/vercel@${walineVersion}`, "--no-audit", "--no-fund"],
      root,
    );
  }
  const binding = path.join(dir, "node_modules/sqlite3/build/Release/node_sqlite3.node");
  if (
    !(await access(binding).then(
      () => true,
      () => false,
    ))
  ) {
    await command("npm", ["rebuild", "--prefix", dir, "sqlite3"], root);
  }
  return dir;
}

function sqlite(dir: string): Sqlite3 {
  return createRequire(path.join(dir, "package.json"))("sqlite3") as Sqlite3;
}

async function withDatabase<T>(
  dir: string,
  file: string,
  use: (db: SqliteDatabase) => Promise<T>,
): Promise<T> {
  const { Database } = sqlite(dir);
  const db = await new Promise<SqliteDatabase>((resolve, reject) => {
    const opened: SqliteDatabase = new Database(file, (error) =>
      error ? reject(error) : resolve(opened),
    );
  });
  try {
    return await use(db);
  } finally {
    await new Promise<void>((resolve, reject) =>
      db.close((error) => (error ? reject(error) : resolve())),
    );
  }
}

const promised =
  (db: SqliteDatabase) =>
  (sql: string, params: unknown[] = []) =>
    new Promise<void>((resolve, reject) =>
      db.run(sql, params, (error) => (error ? reject(error) : resolve())),
    );

/** SQLite's `datetime('now', 'localtime')` form, in which Waline stores its dates. */
function localDatetime(iso: string): string {
  const d = new Date(iso);
  const two = (n: number) => String(n).padStart(2, "0");
  return (
    `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ` +
    `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`
  );
}

/**
 * A fresh Waline database with the given threads, written as Waline stores comments: `rid`
 * the thread's root comment, `pid` the parent, markdown bodies (Waline renders on read),
 * status `approved`, an address and a user agent on each.
 */
async function createDatabase(dir: string, file: string, threads: SeedThread[]): Promise<number> {
  return withDatabase(dir, file, async (db) => {
    await new Promise<void>((resolve, reject) =>
      db.exec(schema, (error) => (error ? reject(error) : resolve())),
    );
    const run = promised(db);
    await run("BEGIN");
    let id = 0;
    for (const thread of threads) {
      const ids = new Map<string, { id: number; root: number }>();
      for (const comment of thread.comments) {
        if (comment.status !== "approved") continue;
        id += 1;
        const parent = comment.parentId ? ids.get(comment.parentId) : undefined;
        if (comment.parentId && !parent) throw new Error(`bench: ${comment.id} before its parent`);
        ids.set(comment.id, { id, root: parent?.root ?? id });
        const at = localDatetime(comment.createdAt);
        await run(
          `INSERT INTO wl_Comment (id, comment, insertedAt, ip, link, mail, nick, rid, pid,
             status, ua, url, createdAt, updatedAt)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'approved', ?, ?, ?, ?)`,
          [
            id,
            comment.body,
            at,
            `203.0.113.${(id % 250) + 1}`,
            comment.author.website,
            comment.author.email,
            comment.author.name,
            parent?.root ?? null,
            parent?.id ?? null,
            walineUserAgent,
            thread.key,
            at,
            at,
          ],
        );
      }
    }
    await run("COMMIT");
    return id;
  });
}

export interface WalineServer {
  url: URL;
  /** Comments in its database (a fresh connection; call between load runs). */
  comments(): Promise<number>;
  /** Where its output (it logs every SQL statement by default) goes. */
  log: string;
  close(): Promise<void>;
}

/**
 * Seeds a fresh database with `threads` and starts Waline on it, as its Docker image does,
 * with the settings the bench needs: no Akismet, no per-address posting interval, and an
 * OAuth service list it can read without the network (it fetches it on every request).
 */
export async function startWaline(
  installDir: string,
  threads: SeedThread[],
): Promise<WalineServer> {
  const dir = await scratchDirectory("parley-peers-waline-");
  const file = path.join(dir, "waline.sqlite");
  await createDatabase(installDir, file, threads);
  const port = await freePort();
  const log = path.join(dir, "waline.log");
  const output = await open(log, "w");
  const child = spawn(process.execPath, ["node_modules/@waline/vercel/vanilla.js", String(port)], {
    cwd: installDir,
    // Its own process group: Waline (thinkjs) runs a cluster master and a worker.
    detached: true,
    stdio: ["ignore", output.fd, output.fd],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME ?? dir,
      NODE_ENV: "production",
      SQLITE_PATH: dir,
      SQLITE_DB: "waline",
      JWT_TOKEN: "bench-waline-jwt-0123456789",
      SITE_NAME: "Bench blog",
      SITE_URL: "https://blog.example",
      // Its check is "no comment from this address since now - IPQPS s"; 0 still refuses
      // concurrent posts from different addresses inserted in the same second.
      IPQPS: "-86400",
      AKISMET_KEY: "false",
      OAUTH_URL: 'data:application/json,{"services":[]}',
    },
  });
  await output.close();
  let exited: number | null = null;
  child.on("exit", (code) => (exited = code ?? -1));
  const url = new URL(`http://127.0.0.1:${port}/`);

  const stop = async () => {
    if (exited === null && child.pid) {
      const gone = new Promise((resolve) => child.once("exit", resolve));
      process.kill(-child.pid, "SIGTERM");
      await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (exited === null) process.kill(-child.pid, "SIGKILL");
    }
    await rm(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited !== null) {
      const tail = (await readFile(log, "utf8").catch(() => "")).slice(-2000);
      await stop();
      throw new Error(`bench: Waline exited (${exited}) on start:\n${tail}`);
    }
    const res = await fetch(new URL("/api/comment?type=count&url=%2F", url)).catch(() => null);
    if (res?.ok) {
      await res.arrayBuffer();
      break;
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error("bench: Waline did not answer within 60 s");
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }

  return {
    url,
    log,
    comments: () =>
      withDatabase(installDir, file, (db) => {
        return new Promise<number>((resolve, reject) =>
          db.get("SELECT COUNT(*) AS n FROM wl_Comment", [], (error, row) =>
            error ? reject(error) : resolve((row as { n: number }).n),
          ),
        );
      }),
    close: stop,
  };
}
