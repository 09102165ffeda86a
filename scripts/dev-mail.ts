/**
 * `npm run dev:mail`: the demo of `npm run dev` with mail switched on, no hand edits. The
 * local Email Service writes each mail's text and HTML to files and prints their paths; the
 * demo site gets a sender, and a moderator recipient if it has none, so a held comment, a
 * reply and a subscription all mail someone.
 *
 *   npm run dev:mail [-- --port 8787] [--persist-to .wrangler/state]
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { startLocalWorker } from "./local-worker";

const RECIPIENT = "moderator@demo.localhost";

function argument(name: string, fallback: string): string {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1]! : fallback;
}

/** `npm run dev`'s secrets, which wrangler reads from `.dev.vars` and the desk signs in with. */
function moderatorToken(): string {
  const line = /^MODERATOR_TOKEN=(.*)$/m.exec(readFileSync(".dev.vars", "utf8"));
  if (!line) throw new Error(".dev.vars has no MODERATOR_TOKEN: delete it and run again");
  return line[1]!.trim();
}

/** Gives the demo site a recipient for held-comment mail, unless it has one already. */
async function ensureRecipient(origin: string, token: string): Promise<string[]> {
  const url = `${origin}/api/mod/sites/demo/recipients`;
  const headers = { Authorization: `Bearer ${token}`, "Content-Type": "application/json" };
  const current = (await (await fetch(url, { headers })).json()) as {
    recipients: { email: string }[];
  };
  if (current.recipients.length > 0) return current.recipients.map(({ email }) => email);
  const put = await fetch(url, {
    method: "PUT",
    headers,
    body: JSON.stringify({ emails: [RECIPIENT] }),
  });
  if (!put.ok) throw new Error(`could not add the demo recipient: ${await put.text()}`);
  return [RECIPIENT];
}

const port = Number(argument("--port", "8787"));
const persistTo = argument("--persist-to", ".wrangler/state");
// Secrets, the local schema and the demo site, as `npm run dev` makes them.
execFileSync("node", ["scripts/dev-setup.mjs", "--persist-to", persistTo], { stdio: "inherit" });
const worker = await startLocalWorker({
  port,
  persistTo,
  mail: true,
  echo: true,
  seedFiles: ["scripts/seed-demo-mail.sql"],
});
// Whatever ends this process (Ctrl-C, a failure below) ends wrangler, which runs in a
// process group of its own, and removes the mail config it was given.
process.once("exit", () => worker.stop());
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(0));
const recipients = await ensureRecipient(worker.origin, moderatorToken());
console.log(
  `\nParley with mail on ${worker.origin}: post at ${worker.origin}/demo, moderate at ` +
    `${worker.origin}/admin/.\nMail to ${recipients.join(", ")} (held comments) and to ` +
    `readers is not sent: each one's text and HTML files are named below as they come.\n`,
);
