/** Atom feeds of the newest approved comments, per site and per page: valid, escaped, cacheable. */
import { describe, expect, it } from "vitest";
import { readXmlRecords, type XmlElement } from "../../importers/xml";
import { call, openSite, postOk, unique } from "../helpers";

const atom = "http://www.w3.org/2005/Atom";

/** Parses a feed with the importers' strict XML reader: every entry, as elements. */
function entriesOf(feed: string): XmlElement[] {
  const entries: XmlElement[] = [];
  readXmlRecords(feed, {
    expected: "an Atom feed",
    checkRoot: (root) => (root.uri === atom && root.local === "feed" ? null : "not Atom"),
    isRecord: (name, ancestors) => name.local === "entry" && ancestors.length === 1,
    onRecord: (entry) => entries.push(entry),
  });
  return entries;
}

const child = (element: XmlElement, local: string) =>
  element.children.find((c) => c.local === local && c.uri === atom);

describe("comment feeds", () => {
  it("list a site's newest approved comments with permalink, author and escaped HTML", async () => {
    const site = await openSite({ holdWords: ["held"] });
    const page = unique("/feed");
    const first = await postOk({
      site,
      page,
      body: "First **bold** <script>x</script>",
      name: "Ann & Co <b>",
    });
    await postOk({ site, page, body: "this one is held" });
    const second = await postOk({
      site,
      page: unique("/other"),
      body: "On another page",
      name: "Bo",
    });

    const res = await call(`/feeds/${site}.atom`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/atom+xml; charset=utf-8");
    const feed = await res.text();
    const entries = entriesOf(feed);
    expect(entries.map((e) => child(e, "id")!.text.split(":").at(-1))).toEqual([
      second.comment.id,
      first.comment.id,
    ]);
    const entry = entries[1]!;
    expect(child(child(entry, "author")!, "name")!.text).toBe("Ann & Co <b>");
    expect(child(entry, "content")!.text).toContain("<strong>bold</strong>");
    expect(child(entry, "content")!.text).not.toContain("<script>");
    const link = child(entry, "link")!.attributes.find((a) => a.local === "href")!.value;
    expect(link).toBe(`https://blog.example${page}#comment-${first.comment.id}`);
    expect(feed).not.toContain("this one is held");
  });

  it("narrow to one page, and answer 304 to a copy that is current", async () => {
    const site = await openSite();
    const page = unique("/one");
    await postOk({ site, page, body: "on this page" });
    await postOk({ site, page: unique("/two"), body: "elsewhere" });
    const res = await call(`/feeds/${site}.atom?page=${encodeURIComponent(page)}`);
    const feed = await res.text();
    expect(entriesOf(feed)).toHaveLength(1);
    expect(feed).toContain("on this page");
    const again = await call(`/feeds/${site}.atom?page=${encodeURIComponent(page)}`, {
      headers: { "If-None-Match": res.headers.get("ETag")! },
    });
    expect(again.status).toBe(304);
    await postOk({ site, page, body: "news" });
    const changed = await call(`/feeds/${site}.atom?page=${encodeURIComponent(page)}`, {
      headers: { "If-None-Match": res.headers.get("ETag")! },
    });
    expect(changed.status).toBe(200);
  });

  it("are not there for unknown sites, bad addresses, or sites that turned them off", async () => {
    expect((await call("/feeds/no-such-site.atom")).status).toBe(404);
    expect((await call("/feeds/Not Valid.atom")).status).toBe(400);
    const site = await openSite({ feeds: false });
    expect((await call(`/feeds/${site}.atom`)).status).toBe(404);
  });

  it("drop characters XML cannot carry", async () => {
    const site = await openSite();
    await postOk({ site, page: unique("/ctl"), body: "bell \u0007 here" });
    const feed = await (await call(`/feeds/${site}.atom`)).text();
    expect(() => entriesOf(feed)).not.toThrow();
    expect(feed).not.toContain("\u0007");
  });
});
