/**
 * The first site, made through the deployed Worker's own API (API.md): whether it exists is
 * public (`GET /api/counts` answers 404 site_not_found), creating it takes the moderator
 * token (`PUT /api/mod/sites/:site`). A workers.dev address can take a few seconds to answer
 * after a first deploy, so network errors and answers that are not the Worker's are retried.
 */
import { setTimeout as sleep } from "node:timers/promises";
import * as z from "zod";
import { originSchema, siteIdSchema } from "../../worker/schemas/common";
import { OperatorError } from "./errors";

const RETRIES = 10;
const RETRY_DELAY_MS = 3000;

export const originArgSchema = originSchema;
export const siteArgSchema = siteIdSchema;

/** A site id from the blog's host: https://www.jane.example → "jane". */
export function siteIdFor(origin: string): string {
  const host = new URL(origin).hostname.replace(/^www\./, "");
  const label = host
    .split(".")[0]!
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, "-");
  return siteIdSchema.safeParse(label).success ? label : "blog";
}

const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

/** fetch with retries until the Worker itself answers (JSON), or a sentence saying why not. */
async function askWorker(
  url: string,
  init: RequestInit = {},
): Promise<{ status: number; body: unknown }> {
  let problem = "";
  for (let attempt = 0; attempt < RETRIES; attempt++) {
    if (attempt) await sleep(RETRY_DELAY_MS);
    try {
      const response = await fetch(url, init);
      const text = await response.text();
      try {
        return { status: response.status, body: JSON.parse(text) };
      } catch {
        problem = `it answered ${response.status} with a page that is not Parley's`;
      }
    } catch (error) {
      problem = `it could not be reached (${(error as Error).message})`;
    }
  }
  throw new OperatorError(
    `The Worker at ${new URL(url).origin} is not answering yet: ${problem}. Wait a minute and run this command again.`,
  );
}

export async function siteExists(workerUrl: string, site: string): Promise<boolean> {
  const { status, body } = await askWorker(
    `${workerUrl}/api/counts?site=${encodeURIComponent(site)}&page=%2F`,
  );
  if (status === 200) return true;
  const error = errorSchema.safeParse(body);
  if (status === 404 && error.success && error.data.error.code === "site_not_found") return false;
  throw new OperatorError(
    `The Worker answered ${status} when asked about site "${site}"${error.success ? `: ${error.data.error.message}` : ""}. Open ${workerUrl}/healthz to see whether it is up.`,
  );
}

export async function createSite(
  workerUrl: string,
  token: string,
  site: string,
  origin: string,
): Promise<void> {
  const { status, body } = await askWorker(`${workerUrl}/api/mod/sites/${site}`, {
    method: "PUT",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ name: new URL(origin).hostname, origins: [origin] }),
  });
  if (status === 200) return;
  if (status === 401)
    throw new OperatorError(
      "The Worker refused the moderator token: give the current one with PARLEY_MODERATOR_TOKEN=… and run this command again.",
    );
  const error = errorSchema.safeParse(body);
  throw new OperatorError(
    `The Worker did not create site "${site}" (${status}${error.success ? `: ${error.data.error.message}` : ""}).`,
  );
}

export function embedSnippet(workerUrl: string, site: string): string {
  return [
    `<div id="parley-comments"></div>`,
    `<script src="${workerUrl}/embed.js" data-site="${site}" async></script>`,
  ].join("\n");
}
