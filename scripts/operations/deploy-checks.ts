/**
 * What `npm run deploy` refuses to ship: only what would break production. A Worker that
 * does not type-check, a bundle or widget over its size budget (every byte is parsed on a
 * cold start; the widget's first paint is a promise to readers). Formatting and lint are
 * CI's business (`npm run check`): a local formatting change never blocks a deploy.
 * Migrations are the third refusal, in database.ts: a deploy whose migration fails stops
 * before the new code goes out.
 */
import { spawn } from "node:child_process";
import { OperatorError } from "./errors";
import { projectRoot } from "./wrangler-config";

interface Check {
  name: string;
  command: string[];
  fix: string;
}

export const DEPLOY_CHECKS: Check[] = [
  {
    name: "the Worker type-checks",
    command: ["node_modules/typescript/bin/tsc", "-p", "tsconfig.worker.json"],
    fix: "Fix the type errors above (or deploy the last release: npm run upgrade).",
  },
  {
    name: "the Worker is within its size budget",
    command: ["scripts/worker-size.mjs"],
    fix: 'The Worker is over its budget: see docs/architecture.md, "Cold code off the hot path".',
  },
  {
    name: "the widget and the desk are within their size budgets",
    command: ["scripts/size.mjs"],
    fix: "A widget or desk file is over its budget (figures above).",
  },
];

export async function runCheck({ name, command, fix }: Check): Promise<void> {
  const outcome = await new Promise<{ status: number; output: string }>((resolve, reject) => {
    const child = spawn(process.execPath, command, {
      cwd: projectRoot,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status: status ?? 1, output }));
  });
  if (outcome.status === 0) return;
  console.error(outcome.output.trim());
  throw new OperatorError(`Not deployed: it is not true that ${name}. ${fix}`);
}
