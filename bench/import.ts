/**
 * `npm run bench:import [-- --comments 20000 --runs 3]`: how long the command-line importer
 * takes to read and convert a large export, for Waline against WordPress on the same
 * comments (bench/import-data.ts writes both from one model). Each run times what
 * `npm run import` does before sending: detect the format from the file's bytes, read and
 * convert it (readExportFromBytes), and derive Parley's threads and ids (toParleyThreads).
 * The goal (issue 28): Waline under 10 s for 20,000 comments on this machine. Not in CI.
 */
import { parseArgs } from "node:util";
import { detectFormatOfBytes, readExportFromBytes } from "../importers/convert";
import { toParleyThreads } from "../importers/to-parley";
import { makeComments, toWalineExport, toWordPressExport } from "./import-data";

const { values } = parseArgs({
  options: {
    comments: { type: "string", default: "20000" },
    posts: { type: "string", default: "400" },
    runs: { type: "string", default: "3" },
  },
});
const total = Number(values.comments);
const posts = Number(values.posts);
const runs = Number(values.runs);
const goalSeconds = 10;

const comments = makeComments(total, posts);
const files = {
  waline: new TextEncoder().encode(toWalineExport(comments)),
  wordpress: new TextEncoder().encode(toWordPressExport(comments, posts)),
};

interface Measure {
  seconds: number[];
  /** Per run: detecting the format, reading and converting, deriving Parley's ids. */
  phases: [number, number, number][];
  threads: number;
  comments: number;
  skipped: number;
}

async function measureOnce(format: "waline" | "wordpress", into: Measure): Promise<void> {
  const started = performance.now();
  const detected = await detectFormatOfBytes(files[format]);
  if (detected !== format) throw new Error(`detected ${detected} for ${format}`);
  const detectedAt = performance.now();
  const result = await readExportFromBytes(files[format], format);
  const readAt = performance.now();
  const threads = await toParleyThreads("bench", result);
  const done = performance.now();
  into.seconds.push((done - started) / 1000);
  into.phases.push(
    [detectedAt - started, readAt - detectedAt, done - readAt].map((ms) => ms / 1000) as [
      number,
      number,
      number,
    ],
  );
  into.threads = threads.length;
  into.comments = threads.reduce((sum, thread) => sum + thread.comments.length, 0);
  into.skipped = result.skipped;
}

const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;

const waline: Measure = { seconds: [], phases: [], threads: 0, comments: 0, skipped: 0 };
const wordpress: Measure = { seconds: [], phases: [], threads: 0, comments: 0, skipped: 0 };
// Alternated, so neither format always runs on the warmer process.
for (let run = 0; run < runs; run++) {
  await measureOnce("waline", waline);
  await measureOnce("wordpress", wordpress);
}
const walineMedian = median(waline.seconds);
const wordpressMedian = median(wordpress.seconds);
const megabytes = (bytes: Uint8Array) => (bytes.byteLength / 1024 / 1024).toFixed(1);

console.log(`Import benchmark: ${total} comments on ${posts} pages, ${runs} runs each (median).`);
console.log(
  `  waline     ${megabytes(files.waline)} MB  ${walineMedian.toFixed(2)} s  ` +
    `(${waline.seconds.map((second) => second.toFixed(2)).join(", ")})  ` +
    `${waline.comments} comments in ${waline.threads} threads, ${waline.skipped} left out`,
);
console.log(
  `  wordpress  ${megabytes(files.wordpress)} MB  ${wordpressMedian.toFixed(2)} s  ` +
    `(${wordpress.seconds.map((second) => second.toFixed(2)).join(", ")})  ` +
    `${wordpress.comments} comments in ${wordpress.threads} threads, ${wordpress.skipped} left out`,
);
for (const [name, measured] of [
  ["waline", waline],
  ["wordpress", wordpress],
] as const) {
  const phase = (index: number) => median(measured.phases.map((run) => run[index]!)).toFixed(2);
  console.log(
    `  ${name.padEnd(10)} detect ${phase(0)} s, read and convert ${phase(1)} s, Parley ids ${phase(2)} s`,
  );
}
console.log(`  ratio waline / wordpress: ${(walineMedian / wordpressMedian).toFixed(2)}`);
if (waline.comments !== wordpress.comments || waline.threads !== wordpress.threads) {
  console.error("The two importers disagree on the same comments.");
  process.exitCode = 1;
}
if (walineMedian >= goalSeconds) {
  console.error(`Waline took ${walineMedian.toFixed(2)} s; the goal is under ${goalSeconds} s.`);
  process.exitCode = 1;
} else {
  console.log(`  goal met: Waline under ${goalSeconds} s.`);
}
