/** What the fuzzer's requests find in D1: sites, pages, comments, a ban, a moderator. */
import { moderatorToken, openSite, origin, postOk, unique } from "../helpers";
import { modJson } from "../mod-api";
import type { Known } from "./requests";

/** A site, pages, comments (approved and held), a ban and a moderator for requests to find. */
export async function seedKnown(): Promise<Known> {
  const open = await openSite();
  const strict = await openSite({ moderation: "all", rateLimitPerMinute: 3, rateLimitPerDay: 10 });
  const pages = [unique("/fuzz"), unique("/fuzz")];
  const root = await postOk({ site: open, page: pages[0], email: "fuzz@example.com" });
  const reply = await postOk({ site: open, page: pages[0], parentId: root.comment.id });
  const held = await postOk({ site: strict, page: pages[1] });
  const ban = await modJson("POST", "/api/mod/bans", {
    site: open,
    email: "banned@example.com",
    scope: "author",
  });
  const added = await modJson("POST", "/api/mod/moderators", {
    name: "Fuzz",
    email: `${unique("fuzz")}@example.com`,
    sites: [open],
  });
  return {
    origin,
    sites: [open, strict],
    pages,
    emails: ["fuzz@example.com", "banned@example.com"],
    ids: {
      comments: [root.comment.id, reply.comment.id, held.comment.id],
      bans: [ban.id],
      moderators: [added.moderator.id],
    },
    tokens: {
      owner: moderatorToken,
      moderator: added.token,
      edit: [root.editToken, held.editToken],
    },
  };
}
