/**
 * Where the benches keep their databases. Two kinds of storage:
 *
 * - `tmpfs` (the default, `npm run bench` and the soak): a memory-backed directory
 *   (/dev/shm) when the machine has one, so no run measures the disk. It matters most for
 *   Parley: Miniflare's local D1 commits and fsyncs its SQLite file for every query or batch,
 *   reads included, work that production D1 does on its own machines, not in the Worker.
 *   Measured here: `GET /healthz` (one trivial query) served about 1.5× as many requests
 *   with the database on tmpfs as on disk.
 * - `disk` (`npm run bench:peers` unless `--tmpfs`): a directory on the real disk, as
 *   production keeps a database: the system's temporary directory when it is not
 *   memory-backed, else bench/.peers/scratch (git-ignored).
 *
 * A bench chooses once, before it creates anything (`useScratchStorage`); every server it
 * then starts (server.ts, waline.ts, post-floor-server.ts) puts its database there.
 */
import { access, mkdir, mkdtemp, statfs } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export type ScratchStorage = "tmpfs" | "disk";

const memoryBacked = "/dev/shm";
const repositoryScratch = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  ".peers/scratch",
);

/** statfs(2) `f_type` magic numbers of the filesystems a scratch directory is likely on. */
const filesystems: Record<number, string> = {
  0x01021994: "tmpfs",
  0x858458f6: "ramfs",
  0xef53: "ext2/3/4",
  0x58465342: "xfs",
  0x9123683e: "btrfs",
  0x794c7630: "overlayfs",
  0x2fc12fc1: "zfs",
  0x6969: "nfs",
};
const inMemory = new Set(["tmpfs", "ramfs"]);

let chosen: ScratchStorage = "tmpfs";

/** Chooses where every later scratch directory goes. */
export function useScratchStorage(storage: ScratchStorage): void {
  chosen = storage;
}

async function filesystemOf(dir: string): Promise<string> {
  const { type } = await statfs(dir);
  return filesystems[type] ?? `filesystem type 0x${type.toString(16)}`;
}

async function base(): Promise<string> {
  if (chosen === "tmpfs") {
    return access(memoryBacked).then(
      () => memoryBacked,
      () => tmpdir(),
    );
  }
  if (!inMemory.has(await filesystemOf(tmpdir()))) return tmpdir();
  await mkdir(repositoryScratch, { recursive: true });
  return repositoryScratch;
}

/** Where scratch directories go now, and on what: for a bench's report. */
export async function describeScratch(): Promise<{
  storage: ScratchStorage;
  base: string;
  filesystem: string;
  memoryBacked: boolean;
}> {
  const dir = await base();
  const filesystem = await filesystemOf(dir);
  return { storage: chosen, base: dir, filesystem, memoryBacked: inMemory.has(filesystem) };
}

export async function scratchDirectory(prefix: string): Promise<string> {
  return mkdtemp(path.join(await base(), prefix));
}
