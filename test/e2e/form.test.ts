/** The form's checks, the server's verdicts, and what the reader sees while posting. */
import type { Route } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  articleUrl,
  browserForFile,
  describedText,
  focusedInWidget,
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

const thread = "#parley-comments section";
const mainForm = `${thread} > form`;

/** An error answer as the Worker gives it, readable by the page (CORS), for page.route(). */
const refusal = (status: number, error: object, headers: Record<string, string> = {}) => ({
  status,
  contentType: "application/json",
  headers: {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "Retry-After",
    ...headers,
  },
  body: JSON.stringify({ error }),
});

describe("the comment form", () => {
  it("shows its own checks beside the inputs, tied with aria-describedby, and focuses the first", async () => {
    const context = await browser.current.newContext();
    const page = await openArticle(context, uniqueSlug("validation"));
    const form = page.locator(mainForm);
    await form.getByRole("button", { name: "Post Comment" }).click();

    // The checks come with the code for sending, fetched at this first click: wait for them.
    for (const name of ["Comment", "Name", "Email"]) {
      const input = form.getByRole("textbox", { name, exact: true });
      await expect.poll(() => input.getAttribute("aria-invalid")).toBe("true");
      await expect.poll(() => describedText(input)).toBe("This field is required.");
    }
    await expect.poll(() => focusedInWidget(page, "name")).toBe("body");

    await form.getByRole("textbox", { name: "Comment", exact: true }).fill("Hi");
    await form.getByRole("textbox", { name: "Name", exact: true }).fill("Hal");
    await form.getByRole("textbox", { name: "Email", exact: true }).fill("not-an-email");
    await form.getByRole("button", { name: "Post Comment" }).click();
    const email = form.getByRole("textbox", { name: "Email", exact: true });
    await expect
      .poll(() => form.locator(".field-email .error").textContent())
      .toBe("Enter a valid email address.");
    await expect.poll(() => form.locator(".field-body .error").count()).toBe(0);
    await expect.poll(() => focusedInWidget(page, "name")).toBe("email");
    await expect.poll(() => email.getAttribute("aria-invalid")).toBe("true");
    await context.close();
  });

  it("previews the comment as the server will show it, loading the code for it only when asked", async () => {
    const context = await browser.current.newContext();
    const page = await newPage(context);
    const assets: string[] = [];
    page.on("request", (r) => {
      if (r.url().includes("/assets/")) assets.push(new URL(r.url()).pathname);
    });
    await page.goto(articleUrl(uniqueSlug("preview")));
    await waitForThread(page);
    await page.waitForLoadState("networkidle");
    expect(assets.filter((path) => path.includes("/send-"))).toEqual([]);

    const form = page.locator(mainForm);
    const write = form.getByRole("button", { name: "Write" });
    const preview = form.getByRole("button", { name: "Preview" });
    await expect.poll(() => write.getAttribute("aria-pressed")).toBe("true");
    await preview.click();
    await expect.poll(() => form.locator(".preview").textContent()).toBe("Nothing to preview yet.");
    await write.click();
    await form.locator("[name=body]").fill("Some **bold** words and <script>alert(1)</script>");
    await preview.click();
    await expect.poll(() => form.locator(".preview strong").textContent()).toBe("bold");
    await expect.poll(() => form.locator(".preview script").count()).toBe(0);
    await expect.poll(() => preview.getAttribute("aria-pressed")).toBe("true");
    await expect.poll(() => form.locator("[name=body]").isVisible()).toBe(false);
    await expect.poll(() => assets.filter((path) => path.includes("/send-"))).toHaveLength(1);

    await write.click();
    await expect.poll(() => form.locator(".preview").count()).toBe(0);
    await expect
      .poll(() => form.locator("[name=body]").inputValue())
      .toBe("Some **bold** words and <script>alert(1)</script>");
    await context.close();
  });

  it("puts the server's field errors next to their inputs, in the reader's language", async () => {
    const context = await browser.current.newContext();
    const page = await openArticle(context, uniqueSlug("server-fields"), { lang: "de" });
    // What the server says when its settings are stricter than the widget knew.
    await page.route("**/api/comments", (route: Route) =>
      route.request().method() === "POST"
        ? route.fulfill(
            refusal(400, {
              code: "invalid_input",
              message: "Check the highlighted fields.",
              fields: {
                "author.email": "Enter your email address.",
                body: "A comment on this site has at most 1 characters.",
              },
            }),
          )
        : route.continue(),
    );
    const form = page.locator(mainForm);
    await form.locator("[name=body]").fill("Hallo");
    await form.locator("[name=name]").fill("Ivy");
    await form.locator("[name=email]").fill("ivy@example.test");
    await form.locator("button[type=submit]").click();
    const email = form.locator("[name=email]");
    await expect.poll(() => describedText(email)).toBe("Gib eine gültige E-Mail-Adresse ein.");
    await expect
      .poll(() => form.locator(".field-body .error").textContent())
      .toMatch(/^Ein Kommentar hat höchstens \d+ Zeichen\.$/);
    await expect.poll(() => focusedInWidget(page, "name")).toBe("body");
    await context.close();
  });

  it("says so in the reply form when the comment replied to has gone", async () => {
    const slug = uniqueSlug("parent-gone");
    const { comment } = await seedComment("e2e-open", slug, "Soon gone", {
      name: "Gil",
      email: uniqueEmail("gil"),
    });
    const context = await browser.current.newContext();
    const page = await openArticle(context, slug, { site: "e2e-open" });
    await page.locator(mainForm).waitFor();
    await page.locator(`${thread} article`).getByRole("button", { name: "Reply" }).click();
    await moderate(`/comments/${comment.id}`, { method: "PATCH", body: { status: "spam" } });
    const reply = `${thread} > ol form`;
    await postComment(page, "Too late", { name: "Hal", email: uniqueEmail("hal") }, reply);
    await expect
      .poll(() => page.locator(`${reply} .form-error`).textContent())
      .toBe("The comment you are replying to is no longer here.");
    await context.close();
  });

  it("says when the thread closed while the reader was writing", async () => {
    const slug = uniqueSlug("closing");
    const context = await browser.current.newContext();
    const page = await openArticle(context, slug, { site: "e2e-open" });
    await moderate("/threads", {
      method: "PATCH",
      body: { site: "e2e-open", key: `/articles/${slug}`, closed: true },
    });
    await postComment(page, "Just in time?", { name: "Ike", email: uniqueEmail("ike") });
    await expect
      .poll(() => page.locator(`${mainForm} .form-error`).textContent())
      .toBe("Comments are closed.");
    await context.close();
  });

  it("says when to try again after 429, from Retry-After", async () => {
    const context = await browser.current.newContext();
    const page = await openArticle(context, uniqueSlug("too-fast"), { lang: "fr" });
    await page.route("**/api/comments", (route: Route) =>
      route.request().method() === "POST"
        ? route.fulfill(
            refusal(429, { code: "rate_limited", message: "Slow down." }, { "Retry-After": "120" }),
          )
        : route.continue(),
    );
    const form = page.locator(mainForm);
    await form.locator("[name=body]").fill("Vite, vite");
    await form.locator("[name=name]").fill("Léa");
    await form.locator("[name=email]").fill(uniqueEmail("lea"));
    await form.locator("button[type=submit]").click();
    await expect
      .poll(() => form.locator(".form-error").textContent())
      .toBe("Vous commentez trop vite. Réessayez dans 2 minutes.");
    await context.close();
  });

  it("tells the reader plainly what only the site owner can fix, and the console why", async () => {
    const context = await browser.current.newContext();
    const page = await openArticle(context, uniqueSlug("misconfigured"));
    const logged: string[] = [];
    page.on("console", (message) => {
      // (Chromium adds its own "Failed to load resource" lines.)
      if (message.text().startsWith("[parley]")) logged.push(message.text());
    });
    // As the Worker answers when a secret is missing, and when the site has been removed.
    const answers = [
      [
        500,
        "internal",
        "Parley is not configured: this site uses Turnstile, but TURNSTILE_SECRET is not set.",
      ],
      [404, "site_not_found", "No such site."],
    ] as const;
    let next = 0;
    await page.route("**/api/comments", (route: Route) => {
      if (route.request().method() !== "POST") return route.continue();
      const [status, code, message] = answers[next++]!;
      return route.fulfill(refusal(status, { code, message }));
    });
    await postComment(page, "Into the void", { name: "Jan", email: uniqueEmail("jan") });
    for (const [i, [status, code, message]] of answers.entries()) {
      await expect.poll(() => logged.length).toBe(i + 1);
      await expect
        .poll(() => page.locator(`${mainForm} .form-error`).textContent())
        .toBe("Comments can't be posted on this page right now.");
      // Nothing to retry: sending it again would meet the same answer.
      await expect.poll(() => page.locator(`${mainForm} .form-error button`).count()).toBe(0);
      expect(logged.at(-1)).toBe(`[parley] posting failed: ${status} ${code}: ${message}`);
      if (i + 1 < answers.length) await page.locator(`${mainForm} button[type=submit]`).click();
    }
    await context.close();
  });

  it("accepts comments on a page whose canonical address is on another host, in the canonical thread", async () => {
    const slug = uniqueSlug("syndicated");
    const canonical = `https://www.example.org/articles/${slug}`;
    const context = await browser.current.newContext();
    const page = await openArticle(context, `${slug}-copy`, { site: "e2e-open", canonical });
    await postComment(page, "Posted from the copy", { name: "Kai", email: uniqueEmail("kai") });
    await page.locator(`${thread} article`).first().waitFor();
    // Stored under the canonical path, with the address it was really posted from.
    const stored = await moderate(
      `/comments?site=e2e-open&page=${encodeURIComponent(`/articles/${slug}`)}`,
    );
    expect(stored.comments).toHaveLength(1);
    expect(stored.comments[0].thread).toMatchObject({
      key: `/articles/${slug}`,
      url: articleUrl(`${slug}-copy`, { site: "e2e-open", canonical }),
    });
    // Every copy shows the one thread.
    const original = await openArticle(context, slug, { site: "e2e-open" });
    await expect
      .poll(() => original.locator(`${thread} article .body`).textContent())
      .toContain("Posted from the copy");
    await context.close();
  });

  it("disables the button while posting, keeps the text when the network fails, and retries with the same Idempotency-Key", async () => {
    const slug = uniqueSlug("retry");
    const context = await browser.current.newContext();
    const page = await openArticle(context, slug, { site: "e2e-open" });
    const keys: string[] = [];
    let attempts = 0;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/api/comments", async (route: Route) => {
      if (route.request().method() !== "POST") return route.continue();
      keys.push((await route.request().headerValue("idempotency-key")) ?? "");
      // The first attempt is slow and then fails, as a flaky network would; the second
      // never reaches the server.
      if (++attempts === 2) return route.abort("internetdisconnected");
      if (attempts === 1) {
        await held;
        return route.fulfill(refusal(503, { code: "unavailable", message: "Try again." }));
      }
      return route.continue();
    });
    const form = page.locator(mainForm);
    await form
      .getByRole("textbox", { name: "Comment", exact: true })
      .fill("Through a flaky network");
    await form.getByRole("textbox", { name: "Name", exact: true }).fill("Jo");
    await form.getByRole("textbox", { name: "Email", exact: true }).fill(uniqueEmail("jo"));
    const button = form.locator("button[type=submit]");
    await button.click();
    await expect.poll(() => button.textContent()).toBe("Posting…");
    await expect.poll(() => button.isDisabled()).toBe(true);
    await expect
      .poll(() => page.locator("#parley-comments [role=status]").textContent())
      .toBe("Posting…");
    release();
    // The text stays, with a way to send it again.
    const offline = "The comment could not be sent. Your text is kept; please try again.";
    const retry = form.locator(".form-error").getByRole("button", { name: "Try again" });
    await expect.poll(() => form.locator(".form-error").textContent()).toBe(`${offline} Try again`);
    await expect
      .poll(() => form.locator("[name=body]").inputValue())
      .toBe("Through a flaky network");
    await expect.poll(() => button.isDisabled()).toBe(false);

    await retry.click();
    await expect.poll(() => keys.length).toBe(2);
    await expect.poll(() => form.locator(".form-error").textContent()).toBe(`${offline} Try again`);
    await retry.click();
    await page.locator("#parley-comments article").first().waitFor();
    expect(keys).toHaveLength(3);
    expect(keys[0]).toMatch(/^[0-9a-f-]{32,36}$/);
    expect(new Set(keys).size).toBe(1);
    const stored = await moderate(
      `/comments?site=e2e-open&page=${encodeURIComponent(`/articles/${slug}`)}`,
    );
    expect(stored.comments).toHaveLength(1);
    await context.close();
  });
});
