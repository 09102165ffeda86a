/** What a reader can do with their own comments, and what the browser remembers for them. */

import { describe, expect, it } from "vitest";
import {
  browserForFile,
  openArticle,
  postComment,
  uniqueEmail,
  uniqueSlug,
  waitForThread,
} from "./helpers";

const browser = browserForFile();

const articles = "#parley-comments article";
const mainForm = "#parley-comments section > form";
const rememberLabel =
  "Save my name, email, and website in this browser for the next time I comment.";

describe("own comments", () => {
  it("edits and deletes one's own comment within the window, across a reload", async () => {
    const slug = uniqueSlug("edit");
    const context = await browser.current.newContext();
    const page = await openArticle(context, slug, { site: "e2e-open" });
    await postComment(page, "Frist post", { name: "Eve", email: uniqueEmail("eve") });
    const mine = page.locator(articles).first();
    await expect
      .poll(() => mine.locator(".muted").textContent())
      .toMatch(/^You can edit or delete this comment for 1[45]:\d\d\.$/);

    await mine.getByRole("button", { name: "Edit" }).click();
    const editor = mine.getByRole("textbox", { name: "Comment", exact: true });
    await expect.poll(() => editor.inputValue()).toBe("Frist post");
    await editor.fill("First post (fixed)");
    await mine.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => mine.locator(".body").textContent()).toContain("First post (fixed)");

    // After a reload the edit token is still in this browser, and the server has the edit.
    await page.reload();
    await waitForThread(page);
    await expect.poll(() => mine.locator(".body").textContent()).toContain("First post (fixed)");
    page.once("dialog", (dialog) => dialog.accept());
    await mine.getByRole("button", { name: "Delete" }).click();
    await expect.poll(() => page.locator(articles).count()).toBe(0);
    await expect
      .poll(() => page.locator("#parley-comments h2").textContent())
      .toBe("Be the first to comment");

    await page.reload();
    await waitForThread(page);
    await expect.poll(() => page.locator(articles).count()).toBe(0);
    await expect
      .poll(() => page.evaluate(`localStorage.getItem("parley:own:e2e-open")`))
      .toBe("[]");
    await context.close();
  });

  it("offers no Edit or Delete to other readers", async () => {
    const slug = uniqueSlug("not-mine");
    const author = await browser.current.newContext();
    const page = await openArticle(author, slug, { site: "e2e-open" });
    await postComment(page, "Mine alone", { name: "Fay", email: uniqueEmail("fay") });
    await page.locator(articles).first().getByRole("button", { name: "Edit" }).waitFor();

    const reader = await browser.current.newContext();
    const other = await openArticle(reader, slug, { site: "e2e-open" });
    const theirs = other.locator(articles).first();
    // What the extras chunk draws there for other readers: its own comments would be in by then.
    await theirs.getByRole("button", { name: "Report" }).waitFor();
    await expect.poll(() => theirs.getByRole("button", { name: "Reply" }).count()).toBe(1);
    await expect.poll(() => theirs.getByRole("button", { name: "Edit" }).count()).toBe(0);
    await expect.poll(() => theirs.getByRole("button", { name: "Delete" }).count()).toBe(0);
    await author.close();
    await reader.close();
  });

  it("remembers name, email and website only when asked, and forgets them when unticked", async () => {
    const context = await browser.current.newContext();
    const email = uniqueEmail("gil");
    const page = await openArticle(context, uniqueSlug("remember"), { site: "e2e-open" });
    await page.locator(mainForm).getByLabel(rememberLabel).check();
    await postComment(page, "Remember me", { name: "Gil", email, website: "gil.example" });
    await page.locator(articles).first().waitFor();
    await expect
      .poll(async () => JSON.parse(await page.evaluate(`localStorage.getItem("parley:author")`)))
      .toEqual({ name: "Gil", email, website: "https://gil.example" });

    const next = await openArticle(context, uniqueSlug("remember-next"), { site: "e2e-open" });
    const form = next.locator(mainForm);
    const name = form.getByRole("textbox", { name: "Name", exact: true });
    await expect.poll(() => name.inputValue()).toBe("Gil");
    await expect
      .poll(() => form.getByRole("textbox", { name: "Email", exact: true }).inputValue())
      .toBe(email);
    await expect.poll(() => form.getByLabel(rememberLabel).isChecked()).toBe(true);

    await form.getByLabel(rememberLabel).uncheck();
    await expect.poll(() => next.evaluate(`localStorage.getItem("parley:author")`)).toBeNull();
    await next.reload();
    await waitForThread(next);
    await expect.poll(() => name.inputValue()).toBe("");
    await expect.poll(() => form.getByLabel(rememberLabel).isChecked()).toBe(false);

    // Not ticked: posting stores nothing about the author.
    await postComment(next, "Forget me", { name: "Gil", email });
    await next.locator(articles).first().waitFor();
    await expect.poll(() => next.evaluate(`localStorage.getItem("parley:author")`)).toBeNull();
    await context.close();
  });
});
