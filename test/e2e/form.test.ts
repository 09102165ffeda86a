/** The form's checks, the server's verdicts, and what the reader sees while posting. */
import type { Route } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserForFile, moderate, openArticle, uniqueEmail, uniqueSlug } from "./helpers";

const browser = browserForFile();

const mainForm = "#parley-comments section > form";
const activeName = `document.querySelector("#parley-comments").shadowRoot.activeElement?.name`;

describe("the comment form", () => {
  it("shows its own checks beside the inputs, tied with aria-describedby, and focuses the first", async () => {
    const context = await browser.current.newContext();
    const page = await openArticle(context, uniqueSlug("validation"));
    const form = page.locator(mainForm);
    await form.getByRole("button", { name: "Post Comment" }).click();

    for (const name of ["Comment", "Name", "Email"]) {
      const input = form.getByRole("textbox", { name, exact: true });
      expect(await input.getAttribute("aria-invalid")).toBe("true");
      const described = await input.getAttribute("aria-describedby");
      expect(await form.locator(`[id="${described}"]`).textContent()).toBe(
        "This field is required.",
      );
    }
    expect(await page.evaluate(activeName)).toBe("body");

    await form.getByRole("textbox", { name: "Comment", exact: true }).fill("Hi");
    await form.getByRole("textbox", { name: "Name", exact: true }).fill("Hal");
    await form.getByRole("textbox", { name: "Email", exact: true }).fill("not-an-email");
    await form.getByRole("button", { name: "Post Comment" }).click();
    const email = form.getByRole("textbox", { name: "Email", exact: true });
    expect(await form.locator(".field-email .error").textContent()).toBe(
      "Enter a valid email address.",
    );
    expect(await form.locator(".field-body .error").count()).toBe(0);
    expect(await page.evaluate(activeName)).toBe("email");
    expect(await email.getAttribute("aria-invalid")).toBe("true");
    await context.close();
  });

  it("shows the server's field errors next to their inputs", async () => {
    const context = await browser.current.newContext();
    const page = await openArticle(context, uniqueSlug("server-fields"));
    await page.route("**/api/comments", (route: Route) =>
      route.request().method() === "POST"
        ? route.fulfill({
            status: 400,
            contentType: "application/json",
            headers: { "Access-Control-Allow-Origin": "*" },
            body: JSON.stringify({
              error: {
                code: "invalid_input",
                message: "Check the highlighted fields.",
                fields: { "author.email": "This address cannot receive mail.", body: "Too short." },
              },
            }),
          })
        : route.continue(),
    );
    const form = page.locator(mainForm);
    await form.getByRole("textbox", { name: "Comment", exact: true }).fill("Hi");
    await form.getByRole("textbox", { name: "Name", exact: true }).fill("Ivy");
    await form.getByRole("textbox", { name: "Email", exact: true }).fill("ivy@example.test");
    await form.getByRole("button", { name: "Post Comment" }).click();
    const email = form.getByRole("textbox", { name: "Email", exact: true });
    await form.locator(".field-email .error").waitFor();
    expect(
      await form.locator(`[id="${await email.getAttribute("aria-describedby")}"]`).textContent(),
    ).toBe("This address cannot receive mail.");
    expect(await form.locator(".field-body .error").textContent()).toBe("Too short.");
    expect(await page.evaluate(activeName)).toBe("body");
    await context.close();
  });

  it("disables the button while posting and retries with the same Idempotency-Key", async () => {
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
      // The first attempt is slow and then fails, as a flaky network would.
      if (++attempts === 1) {
        await held;
        return route.fulfill({
          status: 503,
          contentType: "application/json",
          headers: { "Access-Control-Allow-Origin": "*" },
          body: JSON.stringify({ error: { code: "unavailable", message: "Try again." } }),
        });
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
    expect(await button.isDisabled()).toBe(true);
    expect(await page.locator("#parley-comments [role=status]").textContent()).toBe("Posting…");
    release();
    await form.locator(".form-error").waitFor();
    expect(await form.locator(".form-error").textContent()).toBe(
      "Something went wrong. Please try again.",
    );
    expect(await button.isDisabled()).toBe(false);

    await button.click();
    await page.locator("#parley-comments article").first().waitFor();
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f-]{32,36}$/);
    expect(keys[1]).toBe(keys[0]);
    const stored = await moderate(
      `/comments?site=e2e-open&page=${encodeURIComponent(`/articles/${slug}`)}`,
    );
    expect(stored.comments).toHaveLength(1);
    await context.close();
  });
});
