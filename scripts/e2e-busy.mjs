#!/usr/bin/env node
/**
 * `npm run test:e2e:busy`: the browser tests on a busy machine. Runs the e2e suite several
 * times in a row (--runs, 3 by default) while CPU-bound processes spin beside it (--burners,
 * 2 by default: every core of a 2-core CI box taken), and exits 1 if any run failed. A test
 * that reads the page once instead of waiting for its condition passes on an idle machine
 * and fails here, where the widget is slower than the test.
 *
 *   npm run test:e2e:busy                                  three busy runs of the suite
 *   npm run test:e2e:busy -- --runs 5 test/e2e/form.test.ts   other arguments go to vitest
 *
 * The burners are killed when the runs end, fail, or are interrupted (Ctrl-C).
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { availableParallelism, loadavg } from "node:os";
import path from "node:path";

const args = process.argv.slice(2);
/**
 * Takes `--name N` out of args, as a whole number.
 * @param {"--runs" | "--burners"} name
 * @param {number} fallback
 */
function count(name, fallback) {
  const at = args.indexOf(name);
  if (at === -1) return fallback;
  const [, value] = args.splice(at, 2);
  const n = Number(value);
  if (!Number.isInteger(n) || n < (name === "--burners" ? 0 : 1)) {
    console.error(`[e2e-busy] ${name} takes a whole number, got ${value ?? "nothing"}`);
    process.exit(2);
  }
  return n;
}
const runs = count("--runs", 3);
const burnerCount = count("--burners", 2);

/** @type {import("node:child_process").ChildProcess[]} */
const burners = [];
/** @type {import("node:child_process").ChildProcess | null} */
let suite = null;
let interrupted = false;

const stopBurners = () => {
  for (const burner of burners) if (burner.exitCode === null) burner.kill("SIGKILL");
};
// Whatever ends this process (an error included) ends the burners with it.
process.on("exit", stopBurners);
for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM", "SIGHUP"])) {
  process.on(signal, () => {
    // npm passes a terminal's Ctrl-C on to this script, which has it from the terminal too.
    if (interrupted) return;
    interrupted = true;
    stopBurners();
    // The suite has a process group of its own, so it hears the signal once, from here: a
    // second one would end vitest before it stops its wrangler.
    if (suite?.pid && suite.exitCode === null) process.kill(-suite.pid, signal);
    else process.exit(130);
  });
}

for (let i = 0; i < burnerCount; i++) {
  burners.push(spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" }));
}
console.log(
  `[e2e-busy] ${runs} run(s) of the e2e suite beside ${burnerCount} CPU-bound process(es)`,
);

// vitest itself, not through npx: npm exec does not pass a signal on to it.
const vitest = path.join(
  path.dirname(createRequire(import.meta.url).resolve("vitest/package.json")),
  "vitest.mjs",
);

/** @returns {Promise<number>} the suite's exit code */
function runSuite() {
  return new Promise((resolve) => {
    const command = [vitest, "run", "--config", "vitest.e2e.config.ts", ...args];
    suite = spawn(process.execPath, command, { stdio: "inherit", detached: true });
    suite.on("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
    suite.on("error", (error) => {
      console.error("[e2e-busy] could not start vitest:", error);
      resolve(1);
    });
  });
}

const results = [];
for (let run = 1; run <= runs && !interrupted; run++) {
  console.log(`\n[e2e-busy] run ${run} of ${runs}`);
  const started = Date.now();
  const code = await runSuite();
  // How busy the machine was: the load over the last 5 minutes, against its cores.
  const [, fiveMinutes = 0] = loadavg();
  const load = fiveMinutes.toFixed(1);
  results.push({ run, code, seconds: Math.round((Date.now() - started) / 1000), load });
}
stopBurners();

console.log("\n[e2e-busy] summary");
for (const { run, code, seconds, load } of results) {
  const outcome = code === 0 ? "passed" : `FAILED (exit ${code})`;
  console.log(
    `  run ${run}: ${outcome} in ${seconds} s, load ${load} on ${availableParallelism()} cores`,
  );
}
if (interrupted) {
  console.log("  interrupted");
  process.exit(130);
}
process.exit(results.every(({ code }) => code === 0) ? 0 : 1);
