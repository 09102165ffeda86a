/**
 * Pages linked to their posts on Mastodon and Bluesky, whose public replies come into the
 * page's thread (jobs/pull-remote-replies.ts): set by a moderator only, never from a
 * reader's request. Linking a Bluesky address by handle asks the AppView for its DID once.
 */
import type { Context } from "hono";
import { declare, type DeclaredRouter, type Handler } from "../declare";
import type { AppEnv } from "../../env";
import { invalidInput } from "../../errors";
import { resolveHandle } from "../../clients/bluesky";
import {
  blueskyAppView,
  isDid,
  parseRemotePost,
  postUri,
  type RemotePost,
} from "../../domain/remote-source";
import { pullLimits, pullLink } from "../../jobs/pull-remote-replies";
import { databaseOf } from "../../platform/site-databases";
import {
  newRemoteLinkSchema,
  pageQuerySchema,
  pullResponseSchema,
  remoteLinksSchema,
  removeRemoteLinkSchema,
} from "../../schemas/remote-links";
import { linkPage, listPageLinks, unlinkPage, type RemoteLink } from "../../storage/remote-links";
import { moderatedSite } from "../site-lookup";

export function remoteLinkRoutes(api: DeclaredRouter): void {
  api.route(readLinksDeclaration, readLinks);
  api.route(linkDeclaration, link);
  api.route(unlinkDeclaration, unlink);
  api.route(pullDeclaration, pullNow);
}

const errors = [400, 401, 403, 404] as const;

const readLinksDeclaration = declare({
  method: "get",
  path: "/threads/links",
  query: pageQuerySchema,
  response: remoteLinksSchema,
  errors,
});

const readLinks: Handler<typeof readLinksDeclaration> = async (c, { query }) => {
  await moderatedSite(c, query.site);
  return answer(
    c,
    query.key,
    await listPageLinks(databaseOf(c.env, query.site), query.site, query.key),
  );
};

const linkDeclaration = declare({
  method: "put",
  path: "/threads/links",
  body: newRemoteLinkSchema,
  response: remoteLinksSchema,
  errors: [...errors, 413, 415],
});

const link: Handler<typeof linkDeclaration> = async (c, { body }) => {
  await moderatedSite(c, body.site);
  const post = parseRemotePost(body.kind, body.url);
  if (typeof post === "string") throw invalidInput({ url: post });
  const target = await whereToAsk(post);
  const links = await linkPage(
    databaseOf(c.env, body.site),
    { siteId: body.site, threadKey: body.key, kind: body.kind, url: post.url, ...target },
    c.get("actor"),
    new Date().toISOString(),
  );
  return answer(c, body.key, links);
};

/** The host and id a post's replies are asked for by; a Bluesky handle becomes its DID. */
async function whereToAsk(post: RemotePost): Promise<{ apiHost: string; remoteId: string }> {
  if (post.kind === "mastodon") return { apiHost: post.host, remoteId: post.statusId };
  let did = post.actor;
  if (!isDid(did)) {
    const resolved = await resolveHandle(did, pullLimits);
    if ("problem" in resolved) {
      throw invalidInput({
        url: `Bluesky could not tell whose handle "${did}" is (${resolved.problem}).`,
      });
    }
    did = resolved.did;
  }
  return { apiHost: blueskyAppView, remoteId: postUri(did, post.rkey) };
}

const unlinkDeclaration = declare({
  method: "delete",
  path: "/threads/links",
  query: removeRemoteLinkSchema,
  response: remoteLinksSchema,
  errors,
});

const unlink: Handler<typeof unlinkDeclaration> = async (c, { query }) => {
  await moderatedSite(c, query.site);
  const links = await unlinkPage(
    databaseOf(c.env, query.site),
    { siteId: query.site, threadKey: query.key, kind: query.kind },
    c.get("actor"),
    new Date().toISOString(),
  );
  return answer(c, query.key, links);
};

const pullDeclaration = declare({
  method: "post",
  path: "/threads/links/pull",
  body: pageQuerySchema,
  response: pullResponseSchema,
  errors: [...errors, 413, 415],
});

/** Pulls a page's linked posts now (a gone one too: asking again is how it comes back). */
const pullNow: Handler<typeof pullDeclaration> = async (c, { body }) => {
  const site = await moderatedSite(c, body.site);
  const db = databaseOf(c.env, body.site);
  const now = new Date();
  const pulls = [];
  for (const remote of await listPageLinks(db, body.site, body.key)) {
    pulls.push({ kind: remote.kind, ...(await pullLink(db, c.get("keys"), site, remote, now)) });
  }
  return c.json({
    key: body.key,
    links: (await listPageLinks(db, body.site, body.key)).map(toLinkView),
    pulls,
  });
};

function answer(c: Context<AppEnv>, key: string, links: RemoteLink[]) {
  return c.json({ key, links: links.map(toLinkView) });
}

function toLinkView(link: RemoteLink) {
  return {
    kind: link.kind,
    url: link.url,
    linkedAt: link.linkedAt,
    pulledAt: link.pulledAt,
    state: link.state,
    lastError: link.lastError,
  };
}
