/**
 * POST /webmention: Webmentions (W3C) for the pages of sites that take them (the
 * `webmentions` setting, off by default). The request is only checked and queued (202): the
 * source is fetched later, once, by the scheduled job (jobs/webmentions.ts), so a sender
 * cannot make the Worker fetch while it waits, and a flood from one host is refused (429)
 * once a few of its mentions wait. Loaded on first use (routes/mounts.ts).
 */
import { invalidInput, rateLimited } from "../../errors";
import { bodyLimit } from "../../middleware/body-limit";
import { publicHostOf } from "../../domain/remote-source";
import { allDatabases, databaseOf } from "../../platform/site-databases";
import { webmentionAcceptedSchema, webmentionSchema } from "../../schemas/webmention";
import { queueWebmention, sitesOfOrigin } from "../../storage/webmentions";
import { declare, declaredRouter, type Handler } from "../declare";

/** Mentions from one source host that may wait at once. */
export const maxQueuedPerHost = 20;

export const webmentionEndpoint = declaredRouter("/webmention", "public");
webmentionEndpoint.app.use(bodyLimit(8 * 1024, "8 KiB"));

const receiveDeclaration = declare({
  method: "post",
  path: "",
  form: webmentionSchema,
  status: 202,
  response: webmentionAcceptedSchema,
  errors: [400, 413, 429],
});

const receive: Handler<typeof receiveDeclaration> = async (c, { body }) => {
  const source = new URL(body.source);
  const target = new URL(body.target);
  source.hash = "";
  target.hash = "";
  if (source.href === target.href) {
    throw invalidInput({ source: "The source must be another page than the target." });
  }
  const sourceHost = publicHostOf(source);
  if (!sourceHost) {
    throw invalidInput({ source: "The source must be a page on a public http(s) host." });
  }
  const site = await siteTakingMentions(c.env, target.origin);
  if (!site) {
    throw invalidInput({
      target: "The target is not a page of a site that takes Webmentions here.",
    });
  }
  const queued = await queueWebmention(
    databaseOf(c.env, site),
    {
      id: `w_${crypto.randomUUID()}`,
      siteId: site,
      source: source.href,
      target: target.href,
      // The page key the widget uses by default: the page's path.
      threadKey: decodeURI(target.pathname),
      sourceHost,
      receivedAt: new Date().toISOString(),
    },
    maxQueuedPerHost,
  );
  if (!queued) throw rateLimited(3600, "sending Webmentions");
  return c.json({ status: "queued" as const }, 202);
};

/** The first site (by id, in any database) on the target's origin that takes Webmentions. */
async function siteTakingMentions(
  env: Parameters<typeof allDatabases>[0],
  origin: string,
): Promise<string | null> {
  for (const db of allDatabases(env)) {
    const site = (await sitesOfOrigin(db, origin)).find((s) => s.settings.webmentions);
    if (site) return site.id;
  }
  return null;
}

webmentionEndpoint.route(receiveDeclaration, receive);
