#!/usr/bin/env node
/**
 * `npm run size`: builds the widget and checks the first-paint budget. The first paint is
 * embed.js alone (Preact, styles, English strings); it fails above 10 KB gzip. Chunks that
 * load later (a locale, the interactive forms) are listed for information.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { buildAssets } from "./build-assets.mjs";

const BUDGET_GZIP = 10 * 1024;

const { outDir } = await buildAssets({ log: false });

async function measure(file) {
  const bytes = await readFile(path.join(outDir, file));
  return {
    file,
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
    }).length,
  };
}

const firstPaint = await measure("embed.js");
const later = await Promise.all(
  (await readdir(path.join(outDir, "assets"))).sort().map((f) => measure(`assets/${f}`)),
);

const row = (m) =>
  `${m.file.padEnd(34)} ${String(m.raw).padStart(7)} ${String(m.gzip).padStart(7)} ${String(m.brotli).padStart(7)}`;
console.log(
  `${"file".padEnd(34)} ${"raw".padStart(7)} ${"gzip".padStart(7)} ${"brotli".padStart(7)}`,
);
console.log(row(firstPaint) + "   <- first paint");
for (const m of later) console.log(row(m));

const ok = firstPaint.gzip <= BUDGET_GZIP;
console.log(
  `\nfirst paint (embed.js): ${firstPaint.gzip} B gzip, ${firstPaint.brotli} B brotli; ` +
    `budget ${BUDGET_GZIP} B gzip — ${ok ? "OK" : "OVER BUDGET"}`,
);
if (!ok) process.exit(1);
