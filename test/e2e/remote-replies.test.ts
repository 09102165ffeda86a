/**
 * A reply pulled from Mastodon or Bluesky, in the widget: the author's name links to their
 * profile, and a small mark names the network and links to the original. The pull itself
 * (which these machines cannot make: no outside network) is test/worker/remote-replies.test.ts's;
 * here a comment is given the columns a pull writes, straight in the Worker's local D1.
 */
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import {
  browserForFile,
  env,
  freshSite,
  openArticle,
  seedComment,
  uniqueEmail,
  uniqueSlug,
} from "./helpers";

const browser = browserForFile();

/** Makes a stored comment what a pull of a Mastodon reply stores. */
function markPulled(id: string, source: { kind: string; url: string; profile: string }) {
  const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;
  execFileSync(
    "npx",
    [
      "wrangler",
      "d1",
      "execute",
      "DB",
      "--local",
      "--persist-to",
      env().d1Dir,
      "--command",
      `UPDATE comments SET source_kind = ${quote(source.kind)}, source_id = ${quote(source.url)},
         source_url = ${quote(source.url)}, author_website = ${quote(source.profile)}
       WHERE id = ${quote(id)}`,
    ],
    { stdio: "pipe", env: { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" } },
  );
}

describe("a reply pulled from elsewhere", () => {
  it("shows its network's mark, linking to the original, and the author's profile", async () => {
    const site = await freshSite("remote-replies");
    const slug = uniqueSlug("remote");
    const { comment } = await seedComment(site, slug, "Seen on Mastodon: great post.", {
      name: "Rita Reader",
      email: uniqueEmail("rita"),
    });
    const original = "https://mastodon.social/@rita/113500000000000201";
    markPulled(comment.id, {
      kind: "mastodon",
      url: original,
      profile: "https://mastodon.social/@rita",
    });

    const context = await browser.current.newContext();
    const thirdParty: string[] = [];
    const page = await openArticle(context, slug, { site });
    page.on("request", (request) => {
      if (
        !request.url().startsWith(env().workerOrigin) &&
        !request.url().startsWith(env().hostOrigin)
      ) {
        thirdParty.push(request.url());
      }
    });
    const article = page.locator(`#comment-${comment.id}`);
    const mark = article.locator("a.badge.source");
    await mark.waitFor();
    expect(await mark.getAttribute("href")).toBe(original);
    expect(await mark.getAttribute("rel")).toBe("nofollow ugc noopener");
    // "mastodon", capitalised by the widget's stylesheet.
    expect(await mark.innerText()).toBe("Mastodon");
    expect(await article.locator(".author a").getAttribute("href")).toBe(
      "https://mastodon.social/@rita",
    );
    expect(thirdParty).toEqual([]);
    await context.close();
  });
});
