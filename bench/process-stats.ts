/**
 * What the processes this bench started use, read from /proc (Linux): the resident memory of
 * the workerd that Miniflare spawned, and the CPU time of this whole process tree beside the
 * machine's, to tell how much of the machine other work took during a run.
 *
 * Only descendants of this Node process count: other workerd processes on the machine (a
 * second checkout's tests, say) are not ours to measure.
 */
import { readdirSync, readFileSync } from "node:fs";
import { cpus } from "node:os";

const read = (file: string) => {
  try {
    return readFileSync(file, "utf8");
  } catch {
    // The process ended between listing and reading it.
    return "";
  }
};

function childrenOf(pid: number): number[] {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  return tasks.flatMap((task) =>
    read(`/proc/${pid}/task/${task}/children`).split(/\s+/).filter(Boolean).map(Number),
  );
}

function descendants(pid: number): number[] {
  return childrenOf(pid).flatMap((child) => [child, ...descendants(child)]);
}

/** Resident memory in bytes: all of it, and its parts (heap and stacks, mapped files, shared memory). */
export interface Memory {
  bytes: number;
  anon: number;
  file: number;
  shmem: number;
}

/** This process's workerd descendants (one per Miniflare it started). */
export function workerdPids(): number[] {
  return descendants(process.pid).filter((pid) => read(`/proc/${pid}/comm`).trim() === "workerd");
}

/** The resident memory of this process's workerd descendants, and their pids. */
export function workerdMemory(): Memory & { pids: number[] } {
  const pids = workerdPids();
  if (pids.length === 0)
    throw new Error("bench: no workerd process under this one (Linux /proc needed)");
  const statuses = pids.map((pid) => read(`/proc/${pid}/status`));
  const field = (name: string) =>
    statuses.reduce((sum, status) => {
      const kib = new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1];
      return sum + Number(kib ?? 0) * 1024;
    }, 0);
  return {
    pids,
    bytes: field("VmRSS"),
    anon: field("RssAnon"),
    file: field("RssFile"),
    shmem: field("RssShmem"),
  };
}

/** CPU time in clock ticks: the machine's busy and total time (all cores), and this tree's. */
export interface CpuSample {
  busy: number;
  total: number;
  ours: number;
}

export function sampleCpu(): CpuSample {
  // cpu  user nice system idle iowait irq softirq steal …
  const fields = read("/proc/stat").split("\n")[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = fields.reduce((sum, value) => sum + value, 0);
  const idle = fields[3]! + fields[4]!;
  const ours = [process.pid, ...descendants(process.pid)].reduce((sum, pid) => {
    // Fields after the command name (which may hold spaces): utime is the 14th, stime the 15th.
    const after = read(`/proc/${pid}/stat`).split(") ")[1]?.split(" ") ?? [];
    return sum + Number(after[11] ?? 0) + Number(after[12] ?? 0);
  }, 0);
  return { busy: total - idle, total, ours };
}

/** Cores' worth of CPU used between two samples: by this run, and by everything else. */
export function coresUsed(from: CpuSample, to: CpuSample): { ours: number; others: number } {
  const elapsed = (to.total - from.total) / cpus().length;
  if (elapsed <= 0) return { ours: 0, others: 0 };
  const ours = (to.ours - from.ours) / elapsed;
  return { ours, others: Math.max(0, (to.busy - from.busy) / elapsed - ours) };
}

/**
 * Nanoseconds every thread of the given workerd processes has run (schedstat): by default
 * all of this process's, or one server's own when several run side by side.
 */
export function workerdCpuNanoseconds(pids = workerdMemory().pids): number {
  return pids.reduce(
    (sum, pid) =>
      sum +
      readdirSync(`/proc/${pid}/task`).reduce(
        (threads, task) =>
          threads + Number(read(`/proc/${pid}/task/${task}/schedstat`).split(" ")[0] ?? 0),
        0,
      ),
    0,
  );
}
