#!/usr/bin/env node
/**
 * Builds the static assets into dist/public/, the folder wrangler serves through [assets]:
 *   embed.js            everything for first paint (Preact, styles, English); stable URL, short cache
 *   assets/<lang>-<hash>.js  one chunk per other locale, imported on demand; long, immutable cache
 *   assets/interactive-<hash>.js  forms, edit/delete: imported once the comments are shown
 *   assets/mount-<hash>.js  window.Parley and <parley-comments>, for single-page sites:
 *                       imported as embed.js starts when its tag has no data-site
 *   _headers            the cache policy above, in Cloudflare's static-assets format
 *   demo.html           a demo article embedding the widget (served at /demo)
 *   count.js            comment counts for article lists (its own small script)
 *   recent.js           a site's newest comments for a sidebar (its own small script)
 *   admin/              the moderator's desk (index.html, desk.js, desk.css), served at /admin/;
 *                       screens used rarely (the import) are chunks of their own, loaded on use
 *   assets/sql-wasm-<hash>.wasm  sql.js's SQLite, for the desk's import of SQLite files only
 *   api/openapi.json    the API's OpenAPI 3.1 document, generated from the Worker's zod schemas
 *                       (here, not in the Worker: the generator would cost the bundle ~2.4 KiB gzip)
 *   mail-strings/<lang>.json  the Worker's mail in languages other than English, which it
 *                       reads through its ASSETS binding (worker/mail/strings.ts)
 *   thread-strings/<lang>.json  the widget's words that the server-rendered thread uses, per
 *                       language, read the same way (worker/platform/thread-strings.ts)
 * The build is written beside dist/public and swapped in when complete (swap-dir.mjs), so a
 * running `npm run dev` keeps serving the previous build meanwhile.
 * Usage: node scripts/build-assets.mjs        (import { buildAssets } to use it from scripts)
 */
import { createHash } from "node:crypto";
import { cp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { writeOpenApiDocument } from "./build-openapi.mjs";
import { stagingFor, swapInto } from "./swap-dir.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const outDir = path.join(root, "dist/public");
const LOCALES = ["de", "fr", "es", "ru", "uk", "zh"];
// Every browser with shadow DOM and dynamic import reads ES2022 (class fields, ?? and ?.).
const TARGET = "es2022";
// Classic JSX through Preact's h() (injected), smaller than the automatic runtime. The raw
// tsconfig keeps widget/tsconfig.json (automatic JSX, for the type checker) out of the build.
const JSX = {
  tsconfigRaw: {
    compilerOptions: { jsx: "react", jsxFactory: "h", jsxFragmentFactory: "Fragment" },
  },
  inject: ["widget/jsx.ts"],
};

/**
 * The widget's locales, reduced to the keys the server-rendered thread uses, as JSON: one
 * source for the words readers see before and after the widget takes over.
 */
async function writeThreadStrings(outDir) {
  const imports = LOCALES.map((lang) => `import ${lang} from "./widget/i18n/${lang}";`).join("\n");
  const { outputFiles } = await esbuild.build({
    stdin: {
      contents: `${imports}
        import en from "./widget/i18n/en";
        import { enForm } from "./widget/i18n/en-form";
        import { enExtras } from "./widget/i18n/en-extras";
        import { threadStringKeys } from "./worker/domain/thread-strings";
        const all = { en: { ...en, ...enForm, ...enExtras }, ${LOCALES.join(", ")} };
        export default Object.fromEntries(Object.entries(all).map(([lang, strings]) =>
          [lang, Object.fromEntries(threadStringKeys.map((key) => [key, strings[key]]))]));`,
      resolveDir: root,
      loader: "ts",
    },
    bundle: true,
    format: "esm",
    platform: "neutral",
    write: false,
  });
  const code = encodeURIComponent(outputFiles[0].text);
  const { default: byLanguage } = await import(`data:text/javascript,${code}`);
  const dir = path.join(outDir, "thread-strings");
  await mkdir(dir, { recursive: true });
  for (const [lang, strings] of Object.entries(byLanguage)) {
    await writeFile(path.join(dir, `${lang}.json`), JSON.stringify(strings));
  }
}

/** An output file and every file it imports statically (esbuild's metafile), which load with it. */
function withStaticImports(outputs, file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const { path: imported, kind } of outputs[file]?.imports ?? []) {
    if (kind === "import-statement") withStaticImports(outputs, imported, seen);
  }
  return seen;
}

/** `import css from "./styles.css"` → the minified stylesheet as a string. */
const cssText = {
  name: "css-text",
  setup(build) {
    build.onLoad({ filter: /\.css$/ }, async (args) => {
      const { code } = await esbuild.transform(await readFile(args.path, "utf8"), {
        loader: "css",
        minify: true,
        target: ["chrome100", "firefox100", "safari15"],
      });
      return { contents: `export default ${JSON.stringify(code.trim())};`, loader: "js" };
    });
  },
};

/**
 * The chunks share embed.js's Preact: their imports of it (their own and those of
 * preact/hooks, which only the chunks carry) resolve to a binding shim.
 */
const sharedPreact = {
  name: "shared-preact",
  setup(build) {
    build.onResolve({ filter: /^preact$/ }, () => ({
      path: path.join(root, "widget/interactive/shim.ts"),
    }));
  },
};

// The desk runs only its own script and stylesheet, talks only to its own origin, and is
// never framed: a comment's HTML shown there could not run anything even if it tried.
// 'wasm-unsafe-eval' lets it compile WebAssembly (sql.js, to import SQLite files), and
// nothing else: eval and inline scripts stay refused.
const DESK_CSP = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join("; ");

const HEADERS = `# Cache policy for the widget (Cloudflare static-assets _headers format).
/*
  X-Content-Type-Options: nosniff
/embed.js
  Cache-Control: public, max-age=300
  Access-Control-Allow-Origin: *
/count.js
  Cache-Control: public, max-age=300
  Access-Control-Allow-Origin: *
/recent.js
  Cache-Control: public, max-age=300
  Access-Control-Allow-Origin: *
/assets/*
  Cache-Control: public, max-age=31536000, immutable
  Access-Control-Allow-Origin: *
/api/openapi.json
  Cache-Control: public, max-age=300
  Access-Control-Allow-Origin: *
/admin
  Referrer-Policy: no-referrer
  X-Frame-Options: DENY
/admin/*
  Content-Security-Policy: ${DESK_CSP}
  Referrer-Policy: no-referrer
  X-Frame-Options: DENY
  Cache-Control: no-cache
`;

export async function buildAssets({ log = true } = {}) {
  const staging = stagingFor(outDir);
  await rm(staging, { recursive: true, force: true });
  const { chunks, formFiles, deskFiles } = await buildInto(staging);
  await swapInto(staging, outDir);
  if (log)
    console.log(
      `widget built into ${path.relative(root, outDir)}/ (chunks: ${Object.entries(chunks)
        .map(([name, hash]) => `${name}-${hash}`)
        .join(", ")})`,
    );
  return { outDir, chunks, formFiles, deskFiles };
}

async function buildInto(outDir) {
  await mkdir(path.join(outDir, "assets"), { recursive: true });

  // Chunks first: their hashed names are baked into embed.js.
  const asChunks = {
    absWorkingDir: root,
    outdir: path.join(outDir, "assets"),
    entryNames: "[name]-[hash]",
    bundle: true,
    format: "esm",
    minify: true,
    target: TARGET,
    metafile: true,
    legalComments: "none",
    charset: "utf8",
  };
  // The locales are words only, built apart: the build below injects the JSX helpers into
  // every module, which would make each locale import the Preact shim's chunk (a request
  // more before a non-English first paint) and keep that shim a chunk of its own.
  const localeBuild = await esbuild.build({
    ...asChunks,
    entryPoints: Object.fromEntries(LOCALES.map((l) => [l, `widget/i18n/${l}.ts`])),
  });
  // The mount chunk draws nothing itself (embed.js hands it its drawing code), so it is
  // built apart too: among the chunks below, the JSX helpers injected into it would split
  // the Preact shim out of the form's shared chunk into one of its own, a file (and ~100 B
  // gzip) more before the form is ready to type.
  const mountBuild = await esbuild.build({
    ...asChunks,
    entryPoints: { mount: "widget/mount/index.ts" },
  });
  const chunkBuild = await esbuild.build({
    ...asChunks,
    entryPoints: {
      interactive: "widget/interactive/index.ts",
      extras: "widget/extras/index.ts",
    },
    // Code the chunks share (and the sending code the form imports on first focus) goes
    // into chunks of its own, fetched once.
    splitting: true,
    chunkNames: "[name]-[hash]",
    ...JSX,
    plugins: [sharedPreact, cssText],
    define: { __PARLEY_ASSETS__: "{}" },
  });
  const chunks = {};
  const outputs = {
    ...localeBuild.metafile.outputs,
    ...mountBuild.metafile.outputs,
    ...chunkBuild.metafile.outputs,
  };
  let formFiles = [];
  for (const [file, meta] of Object.entries(outputs)) {
    if (!meta.entryPoint) continue;
    // widget/interactive/index.ts → "interactive", widget/i18n/de.ts → "de".
    const base = path.basename(meta.entryPoint, ".ts");
    const name = base === "index" ? path.basename(path.dirname(meta.entryPoint)) : base;
    // Only the hash: embed.js spells out /assets/<name>-<hash>.js itself (widget/assets.ts).
    chunks[name] = path.basename(file, ".js").slice(name.length + 1);
    if (name === "interactive") {
      formFiles = [...withStaticImports(outputs, file)].map((f) =>
        path.relative(outDir, path.join(root, f)),
      );
    }
  }

  // A classic script (IIFE), not a module: it must run from a plain <script async> and read
  // document.currentScript, which modules do not have.
  await esbuild.build({
    entryPoints: ["widget/index.tsx"],
    absWorkingDir: root,
    outfile: path.join(outDir, "embed.js"),
    bundle: true,
    format: "iife",
    minify: true,
    target: TARGET,
    ...JSX,
    define: { __PARLEY_ASSETS__: JSON.stringify(chunks) },
    plugins: [cssText],
    legalComments: "none",
    charset: "utf8",
  });

  // Also classic scripts, for document.currentScript; they share nothing with embed.js.
  for (const name of ["count", "recent"]) {
    await esbuild.build({
      entryPoints: [`widget/${name}.ts`],
      absWorkingDir: root,
      outfile: path.join(outDir, `${name}.js`),
      bundle: true,
      format: "iife",
      minify: true,
      target: TARGET,
      legalComments: "none",
      charset: "utf8",
    });
  }
  const deskFiles = await buildDesk(outDir);
  await writeOpenApiDocument(outDir);
  await cp(path.join(root, "worker/mail/translations"), path.join(outDir, "mail-strings"), {
    recursive: true,
  });
  await writeThreadStrings(outDir);
  await writeFile(path.join(outDir, "_headers"), HEADERS);
  await writeFile(
    path.join(outDir, "demo.html"),
    await readFile(path.join(root, "widget/demo.html"), "utf8"),
  );
  // What "ready to type" loads after embed.js: the form chunk and what it imports (paths
  // relative to the build, so they hold after the swap); and the desk's first load.
  return { chunks, formFiles, deskFiles };
}

/** How the desk's scripts are built: ES modules, the widget's JSX (real Preact with hooks). */
const DESK_SCRIPTS = {
  absWorkingDir: root,
  bundle: true,
  format: "esm",
  minify: true,
  target: TARGET,
  legalComments: "none",
  charset: "utf8",
  ...JSX,
};

/**
 * The moderator's desk: its own bundle (real Preact with hooks), stylesheet and page. Screens
 * few visits need (the import, with every converter) are built apart and loaded on first
 * use; returns the files the desk's first screen loads.
 */
async function buildDesk(outDir) {
  const deskDir = path.join(outDir, "admin");
  await mkdir(deskDir, { recursive: true });
  const screens = await buildDeskScreens(outDir);
  await esbuild.build({
    ...DESK_SCRIPTS,
    entryPoints: ["admin/main.tsx"],
    outfile: path.join(deskDir, "desk.js"),
    define: { __PARLEY_DESK_SCREENS__: JSON.stringify(screens) },
  });
  const { code } = await esbuild.transform(
    await readFile(path.join(root, "admin/desk.css"), "utf8"),
    {
      loader: "css",
      minify: true,
      target: ["chrome100", "firefox100", "safari15"],
    },
  );
  await writeFile(path.join(deskDir, "desk.css"), code);
  await writeFile(
    path.join(deskDir, "index.html"),
    await readFile(path.join(root, "admin/index.html"), "utf8"),
  );
  return ["admin/desk.js"];
}

/**
 * The desk's screens loaded on use, as files named after their content beside desk.js (which
 * learns the names through __PARLEY_DESK_SCREENS__). They are built apart so that desk.js
 * stays one file: their Preact is desk.js's own (admin/screen-preact.ts), and what else they
 * share with it (the API wrapper) they carry themselves. sql.js, which the import screen
 * imports on the first SQLite file, is a chunk of its own.
 */
async function buildDeskScreens(outDir) {
  const deskPreact = {
    name: "desk-preact",
    setup(build) {
      build.onResolve({ filter: /^preact(\/hooks)?$/ }, () => ({
        path: path.join(root, "admin/screen-preact.ts"),
      }));
    },
  };
  const entryPoints = { "import-screen": "admin/import/import-screen.tsx" };
  const { metafile } = await esbuild.build({
    ...DESK_SCRIPTS,
    entryPoints,
    outdir: path.join(outDir, "admin"),
    entryNames: "[name]-[hash]",
    chunkNames: "[name]-[hash]",
    splitting: true,
    metafile: true,
    plugins: [deskPreact],
    define: { __PARLEY_SQLITE_WASM__: JSON.stringify(await copySqliteWasm(outDir)) },
  });
  const outputs = Object.entries(metafile.outputs);
  return Object.fromEntries(
    Object.entries(entryPoints).map(([name, entry]) => {
      const [file] = outputs.find(([, meta]) => meta.entryPoint === entry);
      return [name, path.basename(file)];
    }),
  );
}

/**
 * sql.js's WebAssembly (SQLite), under a name that changes with its content so it is cached
 * for good; the desk's import screen hands this URL to importers/sqlite.ts.
 */
async function copySqliteWasm(outDir) {
  const source = createRequire(import.meta.url).resolve("sql.js/dist/sql-wasm-browser.wasm");
  const bytes = await readFile(source);
  const hash = createHash("sha256").update(bytes).digest("hex").slice(0, 10);
  const file = `assets/sql-wasm-${hash}.wasm`;
  await writeFile(path.join(outDir, file), bytes);
  return `/${file}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  buildAssets().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
