#!/usr/bin/env node
/**
 * `npm run size:worker`: builds the Worker exactly as `wrangler deploy` would
 * (`--dry-run --outdir dist/worker`) and fails when its code is over 160 KiB gzip — the
 * budget from issue 6 (150 KiB), well inside the Workers plan limits, because every byte is
 * parsed on each cold start. Raised by 10 KiB when notification targets, single sign-on and
 * replies from Mastodon/Bluesky landed together (133.8 → 152.6 KiB), their routes and jobs
 * already evaluated on first use: wrangler still bundles dynamic imports into the one file,
 * so the next room comes from uploading cold code as modules of their own (docs/architecture.md). `--record` also writes the figure to bench/RESULTS.md (its own section).
 */
import { spawnSync } from "node:child_process";
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import * as prettier from "prettier";

const BUDGET_GZIP = 160 * 1024;
const outDir = "dist/worker";

const build = spawnSync("npx", ["wrangler", "deploy", "--dry-run", "--outdir", outDir], {
  encoding: "utf8",
});
if (build.status !== 0) {
  console.error(build.stdout, build.stderr);
  process.exit(build.status ?? 1);
}
// Wrangler's own figure for what it would upload, printed for comparison.
const wranglerLine = /Total Upload: .*/.exec(build.stdout)?.[0] ?? "(no Total Upload line)";

const files = (await readdir(outDir)).filter((file) => /\.(m?js|wasm)$/.test(file)).sort();
let raw = 0;
let gzip = 0;
for (const file of files) {
  const bytes = await readFile(path.join(outDir, file));
  raw += bytes.length;
  gzip += gzipSync(bytes).length;
}

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const ok = gzip <= BUDGET_GZIP;
console.log(`worker (${files.join(", ")}): ${kib(raw)} raw, ${kib(gzip)} gzip`);
console.log(`wrangler: ${wranglerLine}`);
console.log(`budget ${kib(BUDGET_GZIP)} gzip — ${ok ? "OK" : "OVER BUDGET"}`);

if (process.argv.includes("--record")) {
  const file = "bench/RESULTS.md";
  const start = "<!-- worker-size:start -->";
  const end = "<!-- worker-size:end -->";
  const { version } = JSON.parse(await readFile("node_modules/wrangler/package.json", "utf8"));
  const section = [
    start,
    "## Worker bundle (`npm run size:worker`)",
    "",
    `Measured ${new Date().toISOString().slice(0, 10)} with wrangler ${version} ` +
      `(\`wrangler deploy --dry-run --outdir ${outDir}\`, minified per wrangler.toml).`,
    "",
    "| file | raw | gzip | budget |",
    "| --- | ---: | ---: | ---: |",
    `| ${files.join(", ")} | ${kib(raw)} | ${kib(gzip)} | ${kib(BUDGET_GZIP)} (${ok ? "OK" : "over"}) |`,
    "",
    `Wrangler's own summary: ${wranglerLine}.`,
    end,
  ].join("\n");
  const current = await readFile(file, "utf8").catch(() => "");
  const from = current.indexOf(start);
  const to = current.indexOf(end);
  const next =
    from >= 0 && to > from
      ? current.slice(0, from) + section + current.slice(to + end.length)
      : `${current.trimEnd()}\n\n${section}\n`;
  const options = await prettier.resolveConfig(file);
  await writeFile(file, await prettier.format(next, { ...options, filepath: file }));
  console.log(`recorded in ${file}`);
}

if (!ok) process.exit(1);
