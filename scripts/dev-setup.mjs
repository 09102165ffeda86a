// Prepares a fresh checkout for `wrangler dev`: development secrets, the local D1 schema,
// and the demo site. Safe to run again; `npm run dev` runs it every time.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync } from "node:fs";

if (!existsSync(".dev.vars")) {
  copyFileSync(".dev.vars.example", ".dev.vars");
  console.log("Created .dev.vars with development secrets (see .dev.vars.example).");
}

const wrangler = (...args) => execFileSync("npx", ["wrangler", ...args], { stdio: "inherit" });
// CI=true keeps wrangler from asking for confirmation before applying migrations.
process.env.CI = "true";
wrangler("d1", "migrations", "apply", "DB", "--local");
wrangler("d1", "execute", "DB", "--local", "--file", "scripts/seed-demo.sql");
