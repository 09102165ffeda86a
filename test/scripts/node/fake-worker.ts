/**
 * The deployed Parley Worker as the setup script meets it, for the fake of Cloudflare's API
 * (fake-cloudflare.ts): whether a site exists (`GET /api/counts`, public) and creating one
 * (`PUT /api/mod/sites/:site`), checked against the MODERATOR_TOKEN the deploy uploaded.
 * Answers follow the Worker's contract (API.md): the site, or `{ error: { code, message } }`.
 */
import type { FakeState, RecordedCall } from "./fake-cloudflare";

interface Answer {
  status: number;
  body: unknown;
}

const error = (status: number, code: string, message: string): Answer => ({
  status,
  body: { error: { code, message } },
});

export function answerAsWorker(
  fake: FakeState,
  call: RecordedCall,
  authorization: string | undefined,
): Answer {
  const worker = fake.deployments.at(-1)?.name;
  // A workers.dev address with nothing deployed behind it answers 404 with a page, not JSON.
  if (!worker) return { status: 404, body: "There is nothing here yet" };
  const url = new URL(call.path.replace(/^\/worker/, ""), "http://worker");
  if (call.method === "GET" && url.pathname === "/api/counts") {
    const site = url.searchParams.get("site") ?? "";
    if (!fake.sites.has(site))
      return error(404, "site_not_found", "There is no site with this id.");
    return {
      status: 200,
      body: { counts: Object.fromEntries(url.searchParams.getAll("page").map((p) => [p, 0])) },
    };
  }
  const siteRoute = /^\/api\/mod\/sites\/([^/]+)$/.exec(url.pathname);
  if (!siteRoute) return error(404, "not_found", "Not found.");
  const token = fake.secrets.get(worker)?.get("MODERATOR_TOKEN");
  if (!token || authorization !== `Bearer ${token}`)
    return error(401, "unauthorized", "A valid moderator token is required.");
  const id = siteRoute[1]!;
  if (call.method === "PUT") {
    const { name, origins } = JSON.parse(call.body) as { name: string; origins: string[] };
    fake.sites.set(id, { name, origins });
  }
  const site = fake.sites.get(id);
  if (!site) return error(404, "site_not_found", "There is no site with this id.");
  return {
    status: 200,
    body: { id, ...site, settings: {}, secrets: { notifyWebhookUrl: false, ssoSecret: false } },
  };
}
