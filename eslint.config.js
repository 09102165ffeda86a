import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** no-restricted-imports per folder: `forbid` names sibling folders of worker/. */
function layers(rules) {
  return Object.entries(rules).map(([files, { forbid, why }]) => ({
    files: [`${files}/*.ts`],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: `^(\\.\\./)+(${forbid.join("|")})(/|$)`,
              message: why,
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  }));
}

/** What a pure folder (domain/, schemas/) never imports: anything that does I/O or runs. */
const callsNothing = [
  "storage",
  "routes",
  "mail",
  "notify",
  "platform",
  "clients",
  "jobs",
  "openapi",
  "middleware",
  "config",
];

export default tseslint.config(
  { ignores: ["dist/", ".wrangler/", "node_modules/", "worker-configuration.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
    },
  },
  // Files that pass ~300 lines ask to be split along a real seam; functions past 60 lines too.
  {
    files: ["worker/**/*.ts", "widget/**/*.{ts,tsx}", "admin/**/*.{ts,tsx}", "importers/**/*.ts"],
    rules: {
      "max-lines": ["warn", { max: 300 }],
      "max-lines-per-function": ["warn", { max: 60 }],
    },
  },
  // The Worker's layers (docs/architecture.md): what each folder may import.
  ...layers({
    "worker/domain/**": {
      forbid: callsNothing,
      why: "domain/ is pure: it decides, it reads and writes nothing",
    },
    "worker/schemas/**": {
      forbid: callsNothing,
      why: "schemas/ describe input and output: they call nothing",
    },
    "worker/storage/**": {
      forbid: [
        "routes",
        "mail",
        "notify",
        "platform",
        "clients",
        "jobs",
        "openapi",
        "middleware",
        "config",
      ],
      why: "storage/ is SQL over D1 only",
    },
    "worker/{clients,mail,notify,platform,middleware,jobs,routes}/**": {
      forbid: ["openapi"],
      why: "openapi/ is build time only: nothing the Worker runs may import it",
    },
  }),
  // Storage is handed the time: one clock per request, read by the route.
  {
    files: ["worker/storage/**/*.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: "storage/ never reads the clock: take `now` or `at` from the caller",
        },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: "storage/ never reads the clock: take `now` or `at` from the caller",
        },
      ],
    },
  },
  {
    files: ["test/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    files: ["scripts/**/*.mjs", "bench/**/*.mjs"],
    languageOptions: {
      globals: { process: "readonly", console: "readonly", URL: "readonly", fetch: "readonly" },
    },
  },
);
