#!/usr/bin/env node
/**
 * `npm run size`: builds the widget and checks its two budgets. First paint: embed.js alone
 * (Preact, the thread, styles, English strings), everything before the comments (or "Be
 * the first to comment") are visible. Ready to type: first paint plus the form chunk and
 * the shared code it imports, everything before a reader can write. Other chunks (a
 * locale, the extras, sending) load later and are listed for information. And the
 * moderator's desk: its first screen (desk.js, the chunks it imports statically, and desk.css)
 * within 25 KB (screens split off, such as the import, load on use and are listed apart);
 * count.js, for article lists, within 1 KB; and recent.js, for a sidebar, within 1.5 KB.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { buildAssets } from "./build-assets.mjs";

const FIRST_PAINT_GZIP = 9216;
// 13,824 until the mount API (the entry's choice between drawing and the mount chunk,
// +96 B) and single sign-on (the form's "signed in" branch, +65 B) both landed; each had
// already moved its own code into a chunk loaded on use.
const READY_TO_TYPE_GZIP = 13952;
const DESK_GZIP = 25 * 1024;
const COUNT_GZIP = 1024;
const RECENT_GZIP = 1536;

const { outDir, formFiles, deskFiles } = await buildAssets({ log: false });

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
const desk = await Promise.all([...deskFiles, "admin/desk.css"].map(measure));
const deskLater = await Promise.all(
  (await readdir(path.join(outDir, "admin")))
    .filter((f) => f.endsWith(".js") && !deskFiles.includes(`admin/${f}`))
    .sort()
    .map((f) => measure(`admin/${f}`)),
);
const counts = await measure("count.js");
const recent = await measure("recent.js");
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
for (const m of desk) console.log(row(m) + "   <- the desk (/admin)");
for (const m of deskLater) console.log(row(m) + "   <- a desk screen, loaded on use");
console.log(row(counts) + "   <- comment counts for article lists");
console.log(row(recent) + "   <- recent comments for a sidebar");

const form = later.filter((m) => formFiles.includes(m.file));
const sum = (list, key) => list.reduce((total, m) => total + m[key], 0);
const budgets = [
  ["first paint (embed.js)", [firstPaint], FIRST_PAINT_GZIP],
  [
    `ready to type (embed.js + ${form.map((m) => m.file).join(" + ")})`,
    [firstPaint, ...form],
    READY_TO_TYPE_GZIP,
  ],
  [`the desk's first screen (${desk.map((m) => m.file).join(" + ")})`, desk, DESK_GZIP],
  ["count.js", [counts], COUNT_GZIP],
  ["recent.js", [recent], RECENT_GZIP],
];
let ok = true;
console.log("");
for (const [name, files, budget] of budgets) {
  const gzip = sum(files, "gzip");
  const within = gzip <= budget;
  ok &&= within;
  console.log(
    `${name}: ${gzip} B gzip, ${sum(files, "brotli")} B brotli; budget ${budget} B gzip — ${within ? "OK" : "OVER BUDGET"}`,
  );
}
if (!ok) process.exit(1);
