/**
 * A reader who is quicker than the network: what they type and click while the form's code
 * is still on its way is not lost. The form chunk draws the form (until it is in, the thread
 * holds an empty place for it, with nothing to type into or click); the code for checking and
 * sending comes on the form's first focus, and a click on "Post Comment" before it has come
 * is carried out once it has.
 */
import type { Page, Route } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  articleUrl,
  browserForFile,
  moderate,
  newPage,
  seedComment,
  uniqueEmail,
  uniqueSlug,
  waitForThread,
} from "./helpers";

const browser = browserForFile();
const section = "#parley-comments section";
const mainForm = `${section} > form`;

/**
 * Holds every request for one chunk until release() (or fails the first, when asked to), and
 * resolves `asked` once the page has asked for it.
 */
async function holdChunk(page: Page, name: string, { failFirst = false } = {}) {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let requests = 0;
  let asked!: () => void;
  const wasAsked = new Promise<void>((resolve) => (asked = resolve));
  await page.route(new RegExp(`/assets/${name}-\\w+\\.js$`), async (route: Route) => {
    requests += 1;
    asked();
    await held;
    if (failFirst && requests === 1) return route.abort("internetdisconnected");
    return route.continue();
  });
  return { asked: wasAsked, release, requests: () => requests };
}

async function fillMainForm(page: Page, body: string, name: string) {
  const form = page.locator(mainForm);
  await form.getByRole("textbox", { name: "Comment", exact: true }).fill(body);
  await form.getByRole("textbox", { name: "Name", exact: true }).fill(name);
  await form.getByRole("textbox", { name: "Email", exact: true }).fill(uniqueEmail(name));
  return form;
}

const stored = async (slug: string) =>
  (
    (await moderate(`/comments?site=e2e-open&page=${encodeURIComponent(`/articles/${slug}`)}`)) as {
      comments: { html: string }[];
    }
  ).comments.map((comment) => comment.html);

describe("the form before its code has arrived", () => {
  it("offers nothing to type into or click until the form's chunk is in", async () => {
    const slug = uniqueSlug("early-form");
    await seedComment("e2e-open", slug, "Already here", { name: "Ada", email: uniqueEmail("ada") });
    const context = await browser.current.newContext();
    const page = await newPage(context);
    const form = await holdChunk(page, "interactive");
    await page.goto(articleUrl(slug, { site: "e2e-open" }));
    await page.locator(`${section} article`).first().waitFor();
    await form.asked;

    // The thread is there, with the form's place held, and no control that would not work.
    await expect.poll(() => page.locator(`${section} .form-slot`).count()).toBe(1);
    await expect.poll(() => page.locator(`${section} :is(input, textarea, form)`).count()).toBe(0);
    await expect
      .poll(() =>
        page
          .locator(section)
          .getByRole("button", { name: /Post Comment|Reply/ })
          .count(),
      )
      .toBe(0);

    form.release();
    await waitForThread(page);
    await expect
      .poll(() => page.locator(`${section} article`).getByRole("button", { name: "Reply" }).count())
      .toBe(1);
    await expect.poll(() => page.locator(`${section} .form-slot`).count()).toBe(0);
    await context.close();
  });

  it("posts what was typed and sent before the code for sending had come", async () => {
    const slug = uniqueSlug("early-send");
    const context = await browser.current.newContext();
    const page = await newPage(context);
    const sending = await holdChunk(page, "send");
    const posts: string[] = [];
    page.on("request", (request) => {
      if (request.method() === "POST" && request.url().endsWith("/api/comments")) {
        posts.push(request.postData() ?? "");
      }
    });
    await page.goto(articleUrl(slug, { site: "e2e-open" }));
    await waitForThread(page);

    const form = await fillMainForm(page, "Quicker than the network", "Quinn");
    const button = form.getByRole("button", { name: /Post Comment|Posting…/ });
    await button.click();
    await sending.asked;
    // The click is taken: the button says so and cannot be pressed twice; nothing is sent yet.
    await expect.poll(() => button.textContent()).toBe("Posting…");
    await expect.poll(() => button.isDisabled()).toBe(true);
    expect(posts).toEqual([]);

    sending.release();
    await page.locator(`${section} article`, { hasText: "Quicker than the network" }).waitFor();
    await expect.poll(() => posts).toHaveLength(1);
    await expect.poll(() => stored(slug)).toEqual(["<p>Quicker than the network</p>"]);
    // Posted, so the form is empty and ready again.
    await expect.poll(() => form.locator("[name=body]").inputValue()).toBe("");
    await expect.poll(() => button.textContent()).toBe("Post Comment");
    await context.close();
  });

  it("keeps the text and offers Try again when the code for sending could not be fetched", async () => {
    const slug = uniqueSlug("early-offline");
    const context = await browser.current.newContext();
    const page = await newPage(context);
    const sending = await holdChunk(page, "send", { failFirst: true });
    await page.goto(articleUrl(slug, { site: "e2e-open" }));
    await waitForThread(page);

    const form = await fillMainForm(page, "Sent through a flaky network", "Flo");
    const button = form.locator("button[type=submit]");
    await button.click();
    await sending.asked;
    sending.release();
    // As when the comment itself could not be sent: the text stays, and the form works again.
    await expect
      .poll(() => form.locator(".form-error").textContent())
      .toBe("The comment could not be sent. Your text is kept; please try again. Try again");
    await expect
      .poll(() => form.locator("[name=body]").inputValue())
      .toBe("Sent through a flaky network");
    await expect.poll(() => button.isDisabled()).toBe(false);
    await expect.poll(() => button.textContent()).toBe("Post Comment");
    expect(await stored(slug)).toEqual([]);

    await form.locator(".form-error").getByRole("button", { name: "Try again" }).click();
    await page.locator(`${section} article`, { hasText: "Sent through a flaky network" }).waitFor();
    expect(sending.requests()).toBe(2);
    await expect.poll(() => stored(slug)).toEqual(["<p>Sent through a flaky network</p>"]);
    await context.close();
  });

  it("keeps what the reader typed as the form appeared over the author this browser remembers", async () => {
    const context = await browser.current.newContext();
    // Remembered from an earlier comment ("Save my name…" ticked), on the article's origin.
    await context.addInitScript(() =>
      localStorage.setItem(
        "parley:author",
        JSON.stringify({ name: "Remembered", email: "kept@example.test", website: "" }),
      ),
    );
    // The earliest a reader can type: as soon as the form is in the page, before the next frame
    // (a keystroke is an event of its own, like this mutation callback, not part of the render).
    await context.addInitScript(() => {
      const attach = Element.prototype.attachShadow;
      Element.prototype.attachShadow = function (init) {
        const root = attach.call(this, init);
        const typist = new MutationObserver(() => {
          const name = root.querySelector<HTMLInputElement>("form [name=name]");
          if (!name) return;
          typist.disconnect();
          name.value = "Typed";
          name.dispatchEvent(new Event("input", { bubbles: true }));
        });
        typist.observe(root, { subtree: true, childList: true });
        return root;
      };
    });
    const page = await newPage(context);
    await page.goto(articleUrl(uniqueSlug("early-typist"), { site: "e2e-open" }));
    await waitForThread(page);
    const form = page.locator(mainForm);
    const remember = form.getByLabel(
      "Save my name, email, and website in this browser for the next time I comment.",
    );
    // The remembered author has been put in (the box is ticked with it)…
    await expect.poll(() => remember.isChecked()).toBe(true);
    await expect
      .poll(() => form.getByRole("textbox", { name: "Email", exact: true }).inputValue())
      .toBe("kept@example.test");
    // …and what the reader typed is still theirs.
    await expect
      .poll(() => form.getByRole("textbox", { name: "Name", exact: true }).inputValue())
      .toBe("Typed");
    await context.close();
  });
});
