/** Reading and writing a thread: the reader's path through the widget, in Chromium. */

import { describe, expect, it } from "vitest";
import {
  articleUrl,
  browserForFile,
  focusedInWidget,
  importThread,
  moderate,
  newPage,
  openArticle,
  postComment,
  seedComment,
  uniqueEmail,
  uniqueSlug,
  waitForThread,
} from "./helpers";

const browser = browserForFile();

const heading = "#parley-comments h2";
const articles = "#parley-comments article";

describe("the thread", () => {
  it("invites the first comment on an empty thread, with the WordPress-familiar form", async () => {
    const context = await browser.current.newContext();
    const page = await openArticle(context, uniqueSlug("empty"));
    await expect.poll(() => page.locator(heading).textContent()).toBe("Be the first to comment");
    const form = page.locator("#parley-comments section > form");
    await expect.poll(() => form.locator("h3").textContent()).toBe("Leave a Reply");
    await expect
      .poll(() => form.locator(".note").textContent())
      .toBe("Your email address will not be published. Required fields are marked *");
    for (const label of ["Comment", "Name", "Email", "Website"]) {
      await expect
        .poll(() => form.getByRole("textbox", { name: label, exact: true }).count())
        .toBe(1);
    }
    await expect
      .poll(() =>
        form
          .getByLabel(
            "Save my name, email, and website in this browser for the next time I comment.",
          )
          .isChecked(),
      )
      .toBe(false);
    await expect.poll(() => form.locator("button[type=submit]").textContent()).toBe("Post Comment");
    await context.close();
  });

  it("holds a first-time author's comment, keeps it after a reload, and shows it to everyone once approved", async () => {
    const slug = uniqueSlug("held");
    const author = await browser.current.newContext();
    const page = await openArticle(author, slug);
    await postComment(page, "Hello **world**, first!", { name: "Ann", email: uniqueEmail("ann") });

    const mine = page.locator(articles).filter({ hasText: "first!" });
    await expect
      .poll(() => mine.locator(".pending").textContent())
      .toBe("Your comment is awaiting moderation.");
    await expect.poll(() => mine.locator(".body strong").textContent()).toBe("world");
    // A held comment has no avatar seed yet (the server gives one only once approved).
    await expect.poll(() => mine.locator(".avatar:not([style])").count()).toBe(1);
    await expect.poll(() => focusedInWidget(page, "tagName")).toBe("ARTICLE");
    await expect
      .poll(() => page.locator("#parley-comments [role=status]").textContent())
      .toBe("Your comment is awaiting moderation.");

    await page.reload();
    await waitForThread(page);
    await expect
      .poll(() => mine.locator(".pending").textContent())
      .toBe("Your comment is awaiting moderation.");

    const reader = await browser.current.newContext();
    const other = await openArticle(reader, slug);
    await expect.poll(() => other.locator(heading).textContent()).toBe("Be the first to comment");
    await expect.poll(() => other.locator(articles).count()).toBe(0);

    const queue = await moderate(
      `/comments?site=e2e-held&status=pending&page=${encodeURIComponent(`/articles/${slug}`)}`,
    );
    expect(queue.comments).toHaveLength(1);
    await moderate(`/comments/${queue.comments[0].id}`, {
      method: "PATCH",
      body: { status: "approved" },
    });

    await other.reload();
    await waitForThread(other);
    await expect.poll(() => other.locator(heading).textContent()).toBe("1 comment");
    await expect.poll(() => other.locator(`${articles} .author`).textContent()).toBe("Ann");
    await expect.poll(() => other.locator(`${articles} .pending`).count()).toBe(0);
    await page.reload();
    await waitForThread(page);
    await expect.poll(() => page.locator(`${articles} .avatar[style]`).count()).toBe(1);
    await expect.poll(() => page.locator(`${articles} .pending`).count()).toBe(0);
    await expect.poll(() => page.locator(`${articles} .avatar:not([style])`).count()).toBe(0);
    await author.close();
    await reader.close();
  });

  it("nests a reply under its parent and offers no Reply at the site's max depth", async () => {
    const slug = uniqueSlug("nesting");
    await seedComment("e2e-open", slug, "The root comment", {
      name: "Bob",
      email: uniqueEmail("bob"),
      website: "https://bob.example",
    });
    const context = await browser.current.newContext();
    const page = await openArticle(context, slug, { site: "e2e-open" });
    const root = page.locator("#parley-comments section > ol > li").first();
    const link = root.locator("article .author a");
    await expect.poll(() => link.textContent()).toBe("Bob");
    await expect.poll(() => link.getAttribute("href")).toBe("https://bob.example/");
    await expect.poll(() => link.getAttribute("rel")).toBe("nofollow ugc noopener");
    await expect
      .poll(() => root.locator("article time").getAttribute("datetime"))
      .toMatch(/^\d{4}-\d\d-\d\dT/);
    await expect.poll(() => root.locator("article time").getAttribute("title")).toBeTruthy();
    await expect.poll(() => root.locator("article .avatar[style]").count()).toBe(1);

    // Reply, then cancel: the form goes away and focus returns to the Reply button.
    await root.getByRole("button", { name: "Reply" }).click();
    await expect.poll(() => root.locator("form h3").textContent()).toBe("Leave a Reply to Bob");
    await expect.poll(() => focusedInWidget(page, "tagName")).toBe("TEXTAREA");
    await root.getByRole("button", { name: "Cancel reply" }).click();
    await expect.poll(() => root.locator("form").count()).toBe(0);
    await expect.poll(() => focusedInWidget(page, "tagName")).toBe("BUTTON");

    await root.getByRole("button", { name: "Reply" }).click();
    await postComment(
      page,
      "A nested reply",
      { name: "Cy", email: uniqueEmail("cy") },
      "#parley-comments section > ol > li form",
    );
    const reply = root.locator("ol > li > article");
    await expect.poll(() => reply.locator(".body").textContent()).toContain("A nested reply");
    await expect.poll(() => page.locator(heading).textContent()).toBe("2 comments");
    await expect.poll(() => reply.getByRole("button", { name: "Reply" }).count()).toBe(0);
    await expect
      .poll(() => root.locator("> article").getByRole("button", { name: "Reply" }).count())
      .toBe(1);

    const fresh = await browser.current.newContext();
    const other = await openArticle(fresh, slug, { site: "e2e-open" });
    await expect
      .poll(() =>
        other.locator("#parley-comments section > ol > li > ol > li article .body").textContent(),
      )
      .toContain("A nested reply");
    await context.close();
    await fresh.close();
  });

  it("loads more comments when the server has another page", async () => {
    const slug = uniqueSlug("more");
    for (let i = 1; i <= 21; i++) {
      await seedComment("e2e-open", slug, `Comment number ${i}`, {
        name: `R${i}`,
        email: uniqueEmail("r"),
      });
    }
    const context = await browser.current.newContext();
    const page = await openArticle(context, slug, { site: "e2e-open" });
    await expect.poll(() => page.locator(articles).count()).toBe(20);
    await expect.poll(() => page.locator(heading).textContent()).toBe("21 comments");
    await page.getByRole("button", { name: "Load more comments" }).click();
    await expect.poll(() => page.locator(articles).count()).toBe(21);
    await expect
      .poll(() => page.locator(`${articles} .body`).last().textContent())
      .toContain("Comment number 21");
    await expect
      .poll(() => page.getByRole("button", { name: "Load more comments" }).count())
      .toBe(0);
    await context.close();
  });

  it("shows a long run of replies a page at a time, with how many are left", async () => {
    const slug = uniqueSlug("replies");
    const start = Date.parse("2026-05-01T00:00:00.000Z");
    const comment = (index: number, parentId: string | null) => ({
      id: `c_${slug.replace(/[^a-z0-9]/gi, "")}_${index}`,
      parentId,
      body: `Reply number ${index}`,
      createdAt: new Date(start + index * 60_000).toISOString(),
    });
    const root = comment(0, null);
    await importThread("e2e-open", slug, [
      root,
      ...Array.from({ length: 62 }, (_, i) => comment(i + 1, root.id)),
    ]);
    const context = await browser.current.newContext();
    const page = await openArticle(context, slug, { site: "e2e-open" });
    await expect.poll(() => page.locator(articles).count()).toBe(51);
    const more = page.getByRole("button", { name: "Show 12 more replies" });
    await more.click();
    await expect.poll(() => page.locator(articles).count()).toBe(63);
    await expect
      .poll(() => page.locator(`${articles}`).last().textContent())
      .toContain("Reply number 62");
    await expect.poll(() => page.getByRole("button", { name: /more repl/ }).count()).toBe(0);
    await context.close();
  });

  it("lists newest first with data-sort=newest, and puts a new comment on top", async () => {
    const slug = uniqueSlug("newest");
    for (const body of ["Older", "Newer"]) {
      await seedComment("e2e-open", slug, body, { name: "Pat", email: uniqueEmail("pat") });
    }
    const context = await browser.current.newContext();
    const page = await openArticle(context, slug, { site: "e2e-open", sort: "newest" });
    await expect
      .poll(() => page.locator(`${articles} .body`).allTextContents())
      .toEqual([expect.stringContaining("Newer"), expect.stringContaining("Older")]);
    await postComment(page, "Newest", { name: "Pat", email: uniqueEmail("pat") });
    await expect
      .poll(() => page.locator(`${articles} .body`).first().textContent())
      .toContain("Newest");
    await context.close();
  });

  it("shows a closed thread without a form", async () => {
    const slug = uniqueSlug("closed");
    await seedComment("e2e-open", slug, "Before closing", {
      name: "Quin",
      email: uniqueEmail("q"),
    });
    await moderate("/threads", {
      method: "PATCH",
      body: { site: "e2e-open", key: `/articles/${slug}`, closed: true },
    });
    const context = await browser.current.newContext();
    const page = await newPage(context);
    await page.goto(articleUrl(slug, { site: "e2e-open" }));
    await page.locator(articles).first().waitFor();
    await page.getByText("Comments are closed.").waitFor();
    // Once the interactive chunk is in, there is still nothing to write with.
    await page.waitForLoadState("networkidle");
    await expect.poll(() => page.locator("#parley-comments form").count()).toBe(0);
    await expect
      .poll(() => page.locator(articles).first().getByRole("button", { name: "Reply" }).count())
      .toBe(0);
    await context.close();
  });

  it("shows a hostile author name as text and runs none of it", async () => {
    const slug = uniqueSlug("xss");
    const context = await browser.current.newContext();
    const page = await openArticle(context, slug, { site: "e2e-open" });
    const name = `<img src=x onerror=window.pwned=1>`;
    await postComment(page, `<script>window.pwned=2</script> <img src=x onerror=window.pwned=3>`, {
      name,
      email: uniqueEmail("evil"),
      website: "javascript:alert(1)",
    });
    // javascript: is not a web address: the form refuses it before anything is sent.
    await expect
      .poll(() => page.locator("#parley-comments form .field-website .error").textContent())
      .toBe("Enter a valid web address.");
    await page
      .locator("#parley-comments section > form")
      .getByRole("textbox", { name: "Website", exact: true })
      .fill("");
    await page.getByRole("button", { name: "Post Comment" }).click();

    const reader = await browser.current.newContext();
    for (const p of [page, await openArticle(reader, slug, { site: "e2e-open" })]) {
      const item = p.locator(articles).first();
      await expect.poll(() => item.locator(".author").textContent()).toBe(name);
      await expect.poll(() => item.locator("img").count()).toBe(0);
      await expect.poll(() => item.locator("script").count()).toBe(0);
      await expect.poll(() => p.evaluate("window.pwned")).toBeUndefined();
    }
    await context.close();
    await reader.close();
  });

  it("posts once when Post Comment is double-clicked", async () => {
    const slug = uniqueSlug("double");
    const context = await browser.current.newContext();
    const page = await openArticle(context, slug, { site: "e2e-open" });
    const form = page.locator("#parley-comments section > form");
    await form.getByRole("textbox", { name: "Comment", exact: true }).fill("Only once, please");
    await form.getByRole("textbox", { name: "Name", exact: true }).fill("Dee");
    await form.getByRole("textbox", { name: "Email", exact: true }).fill(uniqueEmail("dee"));
    await form.getByRole("button", { name: "Post Comment" }).dblclick();
    await page.locator(articles).first().waitFor();
    await page.waitForLoadState("networkidle");
    const all = await moderate(
      `/comments?site=e2e-open&page=${encodeURIComponent(`/articles/${slug}`)}`,
    );
    expect(all.comments).toHaveLength(1);
    await expect.poll(() => page.locator(articles).count()).toBe(1);
    await context.close();
  });
});
