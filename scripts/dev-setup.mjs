// Prepares a fresh checkout for `wrangler dev`: development secrets, the local D1 schema,
// and the demo site. Safe to run again; `npm run dev` runs it every time.
import { execFileSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";

// Development values live here, not in .dev.vars.example: that file is what a Deploy to
// Cloudflare button offers as production secrets, so it holds names only.
const DEV_VARS = `# Development secrets for \`npm run dev\` (written by scripts/dev-setup.mjs; never commit).
# Production gets its own from \`npm run setup\`.
MODERATOR_TOKEN=dev-moderator-token
SECRET_KEY=dev-secret-key-change-me-0123456789abcdef
# Optional (docs/spam-and-abuse.md): Cloudflare's always-passing Turnstile test secret.
# TURNSTILE_SECRET=1x0000000000000000000000000000000AA
`;

if (!existsSync(".dev.vars")) {
  writeFileSync(".dev.vars", DEV_VARS);
  console.log("Created .dev.vars with development secrets.");
}

// `npm run dev:mail` (scripts/dev-mail.ts) may keep its database elsewhere.
const at = process.argv.indexOf("--persist-to");
const persist = at > 0 ? ["--persist-to", process.argv[at + 1]] : [];
const wrangler = (...args) =>
  execFileSync("npx", ["wrangler", ...args, ...persist], { stdio: "inherit" });
// CI=true keeps wrangler from asking for confirmation before applying migrations.
process.env.CI = "true";
wrangler("d1", "migrations", "apply", "DB", "--local");
wrangler("d1", "execute", "DB", "--local", "--file", "scripts/seed-demo.sql");
