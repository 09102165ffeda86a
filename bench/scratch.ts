/**
 * Where the benches keep their databases: a memory-backed directory (/dev/shm) when the
 * machine has one, so both peers' SQLite files sit on the same storage and no run measures
 * the disk. It matters most for Parley: Miniflare's local D1 commits and fsyncs its SQLite
 * file for every statement, reads included, work that production D1 does on its own
 * machines, not in the Worker. Measured here: `GET /healthz` (one trivial query) served
 * about 1.5× as many requests with the database on tmpfs as on disk.
 */
import { access, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

const memoryBacked = "/dev/shm";

export async function scratchDirectory(prefix: string): Promise<string> {
  const base = await access(memoryBacked).then(
    () => memoryBacked,
    () => tmpdir(),
  );
  return mkdtemp(path.join(base, prefix));
}
