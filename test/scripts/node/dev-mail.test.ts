/**
 * `npm run dev:mail`, the one command docs/mail.md gives for seeing mail locally: a held
 * comment on the demo site reaches the moderator recipient it adds, as a file the local
 * Email Service wrote and named in the output.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { freePort } from "../../../scripts/local-worker";

const root = path.resolve(import.meta.dirname, "../../..");
let output = "";
let exited = false;
let stop = () => {};

afterAll(() => stop());

/** Waits until the command's output matches, or fails with what it printed. */
async function outputMatching(pattern: RegExp, timeoutMs = 100_000): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = pattern.exec(output);
    if (found) return found;
    if (exited || Date.now() > deadline) throw new Error(`no ${pattern} in:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

it("mails a held comment to the demo site's moderator, as a file it names", async () => {
  const persist = await mkdtemp(path.join(tmpdir(), "parley-dev-mail-"));
  const port = await freePort();
  const child = spawn(
    "npx",
    ["tsx", "scripts/dev-mail.ts", "--port", String(port), "--persist-to", persist],
    {
      cwd: root,
      env: { ...process.env, CI: "true", NO_COLOR: "1", WRANGLER_SEND_METRICS: "false" },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  child.on("exit", () => (exited = true));
  stop = () => {
    if (!exited) process.kill(-child.pid!, "SIGTERM");
    void rm(persist, { recursive: true, force: true });
  };

  const [, origin] = await outputMatching(/Parley with mail on (\S+):/);
  expect(output).toContain("Mail to moderator@demo.localhost (held comments)");
  const body = `Seen locally ${Date.now()}`;
  const post = await fetch(`${origin}/api/comments`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      site: "demo",
      page: { key: "/demo", url: "http://localhost:8787/demo", title: "Demo" },
      author: { name: "Ann", email: "ann@example.com" },
      body,
    }),
  });
  expect(post.status).toBe(201);
  expect(((await post.json()) as { comment: { status: string } }).comment.status).toBe("pending");

  const [, file] = await outputMatching(/To: moderator@demo\.localhost[\s\S]*?Text: (\S+)/);
  expect(readFileSync(file!, "utf8")).toContain(body);

  // Ctrl-C ends wrangler too and takes the mail config away.
  process.kill(-child.pid!, "SIGINT");
  await new Promise((resolve) => child.once("exit", resolve));
  await expect
    .poll(() =>
      fetch(`${origin}/healthz`).then(
        () => "up",
        () => "down",
      ),
    )
    .toBe("down");
  expect(existsSync(path.join(root, `.wrangler-mail-${port}.toml`))).toBe(false);
});
