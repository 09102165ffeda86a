#!/usr/bin/env node
// @ts-check
/**
 * The static-site build step: puts each built page's comments into it as HTML, so readers
 * without JavaScript and crawlers get them (docs/server-rendering.md, "Server-rendered comments, caching and
 * replicas"). Run it on the build's output, after the site generator:
 *
 *   node scripts/static-comments.mjs --parley https://comments.example.com \
 *     --base-url https://blog.example/ --site blog dist/
 *
 * Every .html file under the folder that has the comments element (#parley-comments, or
 * the embed script's data-target) gets GET /api/comments.html for the thread the widget
 * shows on it, inside that element. A page Parley does not answer for is left as it was and
 * reported; the exit code says so only with --strict. A page whose thread has not changed
 * since the last run is left byte for byte as it was (the fragment's tag, sent back as
 * If-None-Match), unless its form token is more than a day old.
 */
/* global AbortSignal, TextDecoder, URLSearchParams -- Node's, as in browsers */
import { readdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import * as z from "zod";
import {
  defaultTargetId,
  formTokenAgeSeconds,
  readPage,
  servedAt,
  spliceFragment,
  widgetLanguage,
  widgetPage,
} from "./static-comments-page.mjs";

const usage = `Usage: static-comments --parley URL --base-url URL [--site ID] [options] DIR

Puts the server-rendered comments into every built page under DIR that has the comments
element. Options:
  --parley URL       where Parley runs (https://comments.example.com)
  --base-url URL     where DIR is served (https://blog.example/)
  --site ID          the Parley site, for pages whose embed script names none
  --target ID        the element's id when the embed script has no data-target
                     (default: ${defaultTargetId})
  --clean-urls       pages are served without .html (about.html at /about)
  --concurrency N    requests at once (default 4)
  --timeout SECONDS  per request (default 10)
  --strict           exit 1 if any page could not be filled
  --quiet            print failures and the summary only`;

const httpUrl = z
  .url({ protocol: /^https?$/, error: "must be an http(s) address" })
  .transform((value) => new URL(value));
const siteId = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, "must be a site id, like blog");

const optionsSchema = z.object({
  parley: httpUrl,
  "base-url": httpUrl,
  site: siteId.optional(),
  target: z
    .string()
    .regex(/^[\w-]+$/, "must be an element id, without #")
    .default(defaultTargetId),
  "clean-urls": z.boolean().default(false),
  concurrency: z.coerce.number().int().min(1).max(32).default(4),
  timeout: z.coerce.number().positive().max(300).default(10),
  strict: z.boolean().default(false),
  quiet: z.boolean().default(false),
  dir: z.string().min(1, "name the folder the site was built into"),
});

/** @typedef {z.infer<typeof optionsSchema>} Options */

/** A fragment younger than this is kept when its thread has not changed (tokens last 7 days). */
const keepFormTokenSeconds = 86_400;
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * @typedef {"updated" | "unchanged" | "no-target" | "failed"} Outcome
 * @typedef {{ file: string, outcome: Outcome, detail?: string }} Result
 */

/**
 * Fills every page under `options.dir`, saying what became of each (failures on stderr).
 * @param {Options} options
 * @returns {Promise<Result[]>}
 */
async function fillSite(options) {
  const files = await htmlFiles(options.dir);
  /** @type {Result[]} */
  const results = [];
  let next = 0;
  const worker = async () => {
    for (let file = files[next++]; file !== undefined; file = files[next++]) {
      const result = await fillPage(options, file);
      results.push(result);
      const name = path.relative(options.dir, file);
      if (result.outcome === "failed") console.error(`failed ${name}: ${result.detail}`);
      else if (!options.quiet && result.outcome !== "no-target")
        console.log(`${result.outcome} ${name}${result.detail ? ` (${result.detail})` : ""}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, files.length) }, worker));
  const count = (/** @type {Outcome} */ outcome) =>
    results.filter((result) => result.outcome === outcome).length;
  console.log(
    `static-comments: ${files.length} pages, ${count("updated")} updated, ` +
      `${count("unchanged")} unchanged, ${count("no-target")} without a comments element, ` +
      `${count("failed")} failed`,
  );
  return results;
}

/**
 * @param {Options} options
 * @param {string} file
 * @returns {Promise<Result>}
 */
async function fillPage(options, file) {
  const bytes = await readFile(file);
  let html;
  try {
    html = utf8.decode(bytes);
  } catch {
    // Splicing text decoded from another encoding would change the page's other bytes.
    return { file, outcome: "failed", detail: "not UTF-8" };
  }
  const page = readPage(html, options.target);
  if (page.problem) return { file, outcome: "failed", detail: page.problem };
  if (!page.slot) return { file, outcome: "no-target" };
  const site = page.embed?.site || options.site;
  if (!site) return { file, outcome: "failed", detail: "no --site, and no data-site on the page" };

  const segments = path.relative(options.dir, file).split(path.sep);
  const { key, url } = widgetPage(
    page,
    servedAt(segments, options["base-url"].href, options["clean-urls"]),
  );
  const query = new URLSearchParams({ site, page: key, url });
  const sort = page.embed?.sort;
  if (sort === "oldest" || sort === "newest" || sort === "best") query.set("sort", sort);
  const lang = widgetLanguage(page);
  if (lang) query.set("lang", lang);
  const address = new URL(`api/comments.html?${query}`, withSlash(options.parley));

  /** @type {Record<string, string>} */
  const headers = { Accept: "text/html" };
  const previous = page.previous;
  const tokenAge = formTokenAgeSeconds(previous?.fields.formToken, new Date());
  // The tag covers the comments, not the form: keep the old fragment only where its form
  // still posts this page, to this address, with a token that has days left.
  if (
    previous?.tag &&
    previous.fields.site === site &&
    previous.fields.page === key &&
    previous.fields.url === url &&
    tokenAge !== null &&
    tokenAge < keepFormTokenSeconds
  )
    headers["If-None-Match"] = previous.tag;

  let response;
  try {
    response = await fetch(address, {
      headers,
      signal: AbortSignal.timeout(options.timeout * 1000),
    });
  } catch (error) {
    return { file, outcome: "failed", detail: `${address.origin}: ${describe(error)}` };
  }
  if (response.status === 304) return { file, outcome: "unchanged", detail: key };
  const body = await response.text().catch(() => "");
  if (!response.ok)
    return { file, outcome: "failed", detail: `${response.status} ${errorOf(body)}` };
  if (!/^<section [^>]*data-parley-fragment=/.test(body))
    return {
      file,
      outcome: "failed",
      detail: `${address.origin} did not answer a Parley fragment`,
    };

  const filled = spliceFragment(html, page.slot, body);
  if (filled === html) return { file, outcome: "unchanged", detail: key };
  // Written beside the page and renamed over it: a run cut short leaves no half page.
  const partial = `${file}.parley-${process.pid}`;
  await writeFile(partial, filled);
  await rename(partial, file);
  return { file, outcome: "updated", detail: key };
}

/**
 * Every .html/.htm file under `dir`, in a stable order; links are not followed.
 * @param {string} dir
 * @returns {Promise<string[]>}
 */
async function htmlFiles(dir) {
  const entries = await readdir(dir, { withFileTypes: true });
  /** @type {string[]} */
  const files = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await htmlFiles(full)));
    else if (entry.isFile() && /\.html?$/i.test(entry.name)) files.push(full);
  }
  return files;
}

/** @param {URL} url */
const withSlash = (url) => (url.href.endsWith("/") ? url.href : `${url.href}/`);

/** @param {unknown} error */
function describe(error) {
  if (!(error instanceof Error)) return String(error);
  if (error.name === "TimeoutError") return "no answer in time";
  // fetch() says only "fetch failed"; what happened is in its cause (ECONNREFUSED …).
  const cause = /** @type {{ code?: string, message?: string } | undefined} */ (error.cause);
  return cause?.code ?? cause?.message ?? error.message;
}

/** The Worker's error message, from its JSON error body (API.md, "Conventions"). @param {string} body */
function errorOf(body) {
  try {
    return JSON.parse(body).error.message;
  } catch {
    return body.slice(0, 200);
  }
}

/**
 * Reads the command line; exits 2 with what is wrong, or prints the usage on --help.
 * @param {string[]} argv
 * @returns {Options}
 */
function readOptions(argv) {
  const string = /** @type {const} */ ({ type: "string" });
  const flag = /** @type {const} */ ({ type: "boolean" });
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        parley: string,
        "base-url": string,
        site: string,
        target: string,
        "clean-urls": flag,
        concurrency: string,
        timeout: string,
        strict: flag,
        quiet: flag,
        help: flag,
      },
    });
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  const { help, ...values } = parsed.values;
  if (help) {
    console.log(usage);
    process.exit(0);
  }
  if (parsed.positionals.length > 1) fail("name one folder, the site's build output");
  const options = optionsSchema.safeParse({ ...values, dir: parsed.positionals[0] ?? "" });
  if (!options.success) {
    fail(
      options.error.issues
        .map(
          (issue) =>
            `${issue.path[0] === "dir" ? "DIR" : `--${issue.path.join(".")}`}: ${issue.message}`,
        )
        .join("\n"),
    );
  }
  return options.data;
}

/** @param {string} message @returns {never} */
function fail(message) {
  console.error(`static-comments: ${message}\n\n${usage}`);
  process.exit(2);
}

async function main() {
  const options = readOptions(process.argv.slice(2));
  let results;
  try {
    results = await fillSite(options);
  } catch (error) {
    console.error(`static-comments: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  if (options.strict && results.some((result) => result.outcome === "failed")) process.exit(1);
}

await main();
