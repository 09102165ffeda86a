/** The widget as a guest on someone's page: requests, cookies, CSS, a11y, languages (colours: theme.test.ts). */
import { createRequire } from "node:module";
import type { Page, Request } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  articleUrl,
  computedStyle,
  env,
  browserForFile,
  openArticle,
  postComment,
  seedComment,
  uniqueEmail,
  uniqueSlug,
  waitForThread,
  newPage,
} from "./helpers";

const require = createRequire(import.meta.url);
const browser = browserForFile();

const section = "#parley-comments section";
const style = computedStyle;

/** Notes (in page time) the moment the widget first shows its thread, whatever it says. */
const RECORD_VISIBLE = `
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attach.call(this, init);
    new MutationObserver(() => {
      const h2 = root.querySelector("h2");
      if (!window.__visibleAt && h2 && h2.textContent !== "Loading comments…") {
        window.__visibleAt = performance.timeOrigin + performance.now();
        window.__afterTop = document.getElementById("after").getBoundingClientRect().top;
      }
    }).observe(root, { subtree: true, childList: true, characterData: true });
    return root;
  };`;

describe("on the host page", () => {
  it("makes exactly two requests before the comments show, all to the comment host, and sets no cookie", async () => {
    const slug = uniqueSlug("requests");
    await seedComment("e2e-open", slug, "Already here", { name: "Kim", email: uniqueEmail("kim") });
    const context = await browser.current.newContext();
    const page = await newPage(context);
    await page.addInitScript(RECORD_VISIBLE);
    const requests: Request[] = [];
    page.on("request", (request) => requests.push(request));
    const url = articleUrl(slug, { site: "e2e-open" });
    await page.goto(url);
    await waitForThread(page);
    await page.waitForLoadState("networkidle");
    await expect.poll(() => page.evaluate("window.__visibleAt")).toBeGreaterThan(0);
    const visibleAt = (await page.evaluate("window.__visibleAt")) as number;

    const { workerOrigin } = env();
    const others = requests.filter((r) => r.url() !== url);
    for (const r of others) expect(new URL(r.url()).origin).toBe(workerOrigin);
    const before = others.filter((r) => r.timing().startTime <= visibleAt);
    expect(before.map((r) => new URL(r.url()).pathname)).toEqual(["/embed.js", "/api/comments"]);
    // Then the form and extras chunks (and code they share); no locale, nothing for sending
    // until the reader starts to write.
    const later = others.slice(2).map((r) => new URL(r.url()).pathname);
    for (const path of later)
      expect(path).toMatch(/^\/assets\/(interactive|extras|chunk)-\w+\.js$/);
    expect(later.filter((path) => !path.includes("/chunk-"))).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\/assets\/interactive-/),
        expect.stringMatching(/^\/assets\/extras-/),
      ]),
    );

    expect(await context.cookies()).toEqual([]);
    expect(await page.evaluate("document.cookie")).toBe("");
    for (const r of others) expect((await r.response())?.headers()["set-cookie"]).toBeUndefined();
    await context.close();
  });

  it("marks the first paint of the thread once (performance mark parley:comments-painted)", async () => {
    const context = await browser.current.newContext();
    const slug = uniqueSlug("mark");
    await seedComment("e2e-open", slug, "Marked", { name: "Ada", email: uniqueEmail("ada") });
    // Both kinds of first paint: a thread with comments, and the empty-thread message.
    for (const article of [
      articleUrl(slug, { site: "e2e-open" }),
      articleUrl(uniqueSlug("mark")),
    ]) {
      const page = await newPage(context);
      await page.addInitScript(RECORD_VISIBLE);
      await page.goto(article);
      await waitForThread(page);
      await page.waitForLoadState("networkidle");
      const read = async () =>
        (await page.evaluate(() => [
          performance
            .getEntriesByName("parley:comments-painted", "mark")
            .map((m) => m.startTime + performance.timeOrigin),
          (window as unknown as { __visibleAt: number }).__visibleAt,
        ])) as [number[], number];
      await expect.poll(async () => (await read())[0]).toHaveLength(1);
      const [marks, visibleAt] = await read();
      expect(marks).toHaveLength(1);
      // Set after the thread reached the DOM, not before.
      expect(marks[0]).toBeGreaterThanOrEqual(visibleAt);
    }
    await context.close();
  });

  it("holds the form's place, so the page below does not jump when the form arrives", async () => {
    const context = await browser.current.newContext({ viewport: { width: 1000, height: 800 } });
    for (const width of [1000, 400]) {
      const page = await newPage(context);
      await page.setViewportSize({ width, height: 800 });
      await page.addInitScript(RECORD_VISIBLE);
      await page.goto(articleUrl(uniqueSlug("layout")));
      await waitForThread(page);
      const before = (await page.evaluate("window.__afterTop")) as number;
      const after = () =>
        page.evaluate(
          `document.getElementById("after").getBoundingClientRect().top`,
        ) as Promise<number>;
      // Within a line of text (16px here), wide or narrow: the reserved box is about the form's height.
      await expect.poll(async () => Math.abs((await after()) - before)).toBeLessThan(20);
    }
    await context.close();
  });

  for (const theme of ["light", "dark"]) {
    it(`has no serious or critical axe-core violations (${theme})`, async () => {
      const slug = uniqueSlug(`axe-${theme}`);
      const { comment } = await seedComment(
        "e2e-open",
        slug,
        "Seeded **comment** with a [link](https://example.com)",
        {
          name: "Lee",
          email: uniqueEmail("lee"),
          website: "https://lee.example",
        },
      );
      await seedComment(
        "e2e-open",
        slug,
        "A reply",
        { name: "Mo", email: uniqueEmail("mo") },
        comment.id,
      );
      const context = await browser.current.newContext();
      const page = await openArticle(context, slug, { site: "e2e-open", theme });
      // Own comment (edit controls) and an open reply form with errors on show, too.
      await postComment(page, "My own", { name: "Ned", email: uniqueEmail("ned") });
      await page.locator("#parley-comments article").nth(2).waitFor();
      await page.locator(section).getByRole("button", { name: "Reply" }).first().click();
      await page.locator(`${section} > ol form button[type=submit]`).click();
      await page.locator(`${section} > ol form .error`).first().waitFor();

      await page.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
      const results = (await page.evaluate(`axe.run({ include: [["#parley-comments"]] }, {
        resultTypes: ["violations", "passes"],
      })`)) as {
        violations: { id: string; impact: string; nodes: unknown[] }[];
        passes: { nodes: { target: unknown[] }[] }[];
      };
      // The scan reached into the shadow root (targets there are [host, inner] pairs).
      expect(results.passes.some((p) => p.nodes.some((n) => Array.isArray(n.target[0])))).toBe(
        true,
      );
      const bad = results.violations.filter(
        (v) => v.impact === "serious" || v.impact === "critical",
      );
      expect(bad.map((v) => `${v.id} (${v.impact}): ${JSON.stringify(v.nodes)}`)).toEqual([]);
      await context.close();
    });
  }

  it("stays readable and usable on a page with hostile global CSS", async () => {
    const slug = uniqueSlug("hostile-css");
    const context = await browser.current.newContext();
    // A forced palette: under `auto` the widget would rightly take the page's (red) text colour.
    const page = await openArticle(context, slug, {
      site: "e2e-open",
      hostile: "1",
      theme: "light",
    });
    // The host's rules do hit the host's own button, so they are in force.
    await expect.poll(() => page.locator("#host-button").isVisible()).toBe(false);

    const submit = page.locator(`${section} > form button[type=submit]`);
    await expect.poll(() => submit.isVisible()).toBe(true);
    await expect.poll(() => style(page, section, "display")).toBe("block");
    await expect.poll(() => style(page, `${section} > form textarea`, "display")).toBe("block");
    await expect
      .poll(async () => parseFloat(await style(page, `${section} > form textarea`, "font-size")))
      .toBeGreaterThanOrEqual(14);
    await expect
      .poll(async () => (await page.locator(`${section} > form textarea`).boundingBox())!.width)
      .toBeGreaterThan(200);
    await expect.poll(() => style(page, `${section} h2`, "color")).not.toBe("rgb(255, 0, 0)");
    await expect.poll(() => style(page, `${section} h2`, "text-transform")).toBe("none");

    await postComment(page, "Still works", { name: "Ola", email: uniqueEmail("ola") });
    await expect
      .poll(() => page.locator("#parley-comments article .body").textContent())
      .toContain("Still works");
    await context.close();
  });

  it("leaves the host page's own styles alone", async () => {
    const slug = uniqueSlug("host-styles");
    const context = await browser.current.newContext();
    const probe = async (page: Page) =>
      page.evaluate(() =>
        ["#title", "#host-text", "#host-button", "body"].map((s) => {
          const cs = getComputedStyle(document.querySelector(s)!);
          return [cs.color, cs.fontFamily, cs.fontSize, cs.display, cs.margin, cs.background].join(
            "|",
          );
        }),
      );
    const bare = await newPage(context);
    await bare.route("**/embed.js", (route) => route.abort());
    await bare.goto(articleUrl(slug));
    const without = await probe(bare);
    const page = await openArticle(context, slug);
    await expect.poll(() => probe(page)).toEqual(without);
    await context.close();
  });

  it("speaks the page's language, downloading only that language", async () => {
    const context = await browser.current.newContext();
    const page = await newPage(context);
    const chunks: string[] = [];
    page.on("request", (r) => {
      if (r.url().includes("/assets/")) chunks.push(new URL(r.url()).pathname);
    });
    await page.goto(articleUrl(uniqueSlug("de"), { lang: "de" }));
    await waitForThread(page);
    await expect
      .poll(() => page.locator(`${section} h2`).textContent())
      .toBe("Schreibe den ersten Kommentar");
    await expect
      .poll(() => page.locator(`${section} > form h3`).textContent())
      .toBe("Schreibe einen Kommentar");
    await expect
      .poll(() => page.locator(`${section} > form button[type=submit]`).textContent())
      .toBe("Kommentar abschicken");
    expect(chunks.filter((c) => !/\/(interactive|extras|chunk)-/.test(c))).toEqual([
      expect.stringMatching(/^\/assets\/de-\w+\.js$/),
    ]);

    const french = await openArticle(context, uniqueSlug("fr"), { htmlLang: "fr-CA" });
    await expect
      .poll(() => french.locator(`${section} h2`).textContent())
      .toBe("Soyez le premier à commenter");
    const chinese = await openArticle(context, uniqueSlug("zh"), { lang: "zh-Hans" });
    await expect
      .poll(() => chinese.locator(`${section} > form button[type=submit]`).textContent())
      .toBe("发表评论");
    await context.close();
  });

  it("says the comments could not be loaded, and the console why, for an unknown site or a page on none of its origins", async () => {
    const context = await browser.current.newContext();
    for (const url of [
      articleUrl(uniqueSlug("typo"), { site: "e2e-no-such-site" }),
      articleUrl(uniqueSlug("elsewhere")).replace("//localhost:", "//127.0.0.1:"),
    ]) {
      const page = await newPage(context);
      const errors: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
      });
      await page.goto(url);
      await page.locator(`${section} h2`).getByText("Comments could not be loaded.").waitFor();
      await expect
        .poll(() => errors.some((e) => e.startsWith("[parley] the comments could not be loaded:")))
        .toBe(true);
      await expect
        .poll(() => page.locator(`${section} form, ${section} .form-slot`).count())
        .toBe(0);
      await page.close();
    }
    await context.close();
  });

  it("fails loudly, with a [parley] message, when data-site is missing", async () => {
    const context = await browser.current.newContext();
    const page = await newPage(context);
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    await page.goto(articleUrl(uniqueSlug("no-site"), { site: "" }));
    await expect.poll(() => errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatch(/^\[parley\] data-site/);
    await expect
      .poll(() => page.evaluate(`!!document.querySelector("#parley-comments").shadowRoot`))
      .toBe(false);
    await context.close();
  });
});
