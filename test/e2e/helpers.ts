import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, inject } from "vitest";
import { launchChromium } from "../../scripts/local-worker";
import { WAIT_MS } from "./timeouts";

export const env = () => inject("e2e");

/** One Chromium for the whole test file, closed after its last test. */
export function browserForFile(): { readonly current: Browser } {
  const holder = {} as { current: Browser };
  beforeAll(async () => {
    holder.current = await launchChromium();
  });
  afterAll(async () => {
    await holder.current?.close();
  });
  return holder;
}

let counter = 0;
/** A new page in `context`, whose actions, waits and navigations may take up to WAIT_MS. */
export async function newPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  return page;
}

/** A page slug no other test uses, so every test owns its thread. */
export const uniqueSlug = (name: string) =>
  `${name}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

export type ArticleOptions = Partial<
  Record<
    | "site"
    | "theme"
    | "lang"
    | "htmlLang"
    | "hostile"
    | "sort"
    | "pageKey"
    | "colors"
    | "canonical"
    | "refresh"
    | "sso",
    string
  >
>;

export function articleUrl(slug: string, options: ArticleOptions = {}): string {
  const query = new URLSearchParams(options as Record<string, string>).toString();
  return `${env().hostOrigin}/articles/${slug}${query ? `?${query}` : ""}`;
}

/** Opens an article and waits until the widget shows its thread (not "Loading…"). */
export async function openArticle(
  context: BrowserContext,
  slug: string,
  options: ArticleOptions = {},
): Promise<Page> {
  const page = await newPage(context);
  // A slow machine and a broken widget both end in waitForThread's timeout: what the widget
  // logged tells them apart.
  const logged: string[] = [];
  page.on("console", (message) => {
    if (message.text().startsWith("[parley]")) logged.push(message.text());
  });
  page.on("pageerror", (error) => logged.push(String(error)));
  await page.goto(articleUrl(slug, options));
  try {
    await waitForThread(page);
  } catch (error) {
    const heading = await page
      .locator("#parley-comments h2")
      .textContent({ timeout: 1000 })
      .catch(() => "(none)");
    throw new Error(
      `${(error as Error).message}\nThe widget's heading: ${heading}; it logged: ${logged.join(" | ") || "nothing"}`,
      { cause: error },
    );
  }
  return page;
}

export async function waitForThread(page: Page): Promise<void> {
  // Playwright's CSS locators pierce open shadow roots.
  await page.locator("#parley-comments form button[type=submit]").waitFor();
}

export interface Author {
  name: string;
  email: string;
  website?: string;
}

/** Fills and submits the main form (or the reply form inside `scope`). */
export async function postComment(
  page: Page,
  body: string,
  author: Author,
  scope = "#parley-comments section > form",
): Promise<void> {
  const form = page.locator(scope);
  await form.getByRole("textbox", { name: "Comment", exact: true }).fill(body);
  await form.getByRole("textbox", { name: "Name", exact: true }).fill(author.name);
  await form.getByRole("textbox", { name: "Email", exact: true }).fill(author.email);
  if (author.website)
    await form.getByRole("textbox", { name: "Website", exact: true }).fill(author.website);
  await form.getByRole("button", { name: "Post Comment" }).click();
}

export const uniqueEmail = (name: string) => `${uniqueSlug(name)}@example.test`;

/** The moderation API, as a moderator's script would call it. */
export async function moderate(path: string, init: { method?: string; body?: unknown } = {}) {
  const response = await fetch(`${env().workerOrigin}/api/mod${path}`, {
    method: init.method ?? "GET",
    headers: {
      Authorization: `Bearer ${env().moderatorToken}`,
      ...(init.body ? { "Content-Type": "application/json" } : {}),
    },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
  if (!response.ok) throw new Error(`${init.method ?? "GET"} ${path}: ${response.status}`);
  return response.status === 204 ? null : response.json();
}

/**
 * A site of the test's own on the host pages' origin, taking comments at once, with more
 * `settings`: what it lists (its recent comments, say) is that test's alone.
 */
export async function freshSite(name: string, settings: Record<string, unknown> = {}) {
  const site = uniqueSlug(name).toLowerCase();
  await moderate(`/sites/${site}`, {
    method: "PUT",
    body: {
      name,
      origins: [env().hostOrigin],
      settings: { moderation: "none", minSubmitSeconds: 0, rateLimitPerMinute: 10000, ...settings },
    },
  });
  return site;
}

/** Seeds a comment straight through the public API (no browser Origin, like a script). */
export async function seedComment(
  site: string,
  slug: string,
  body: string,
  author: Author,
  parentId?: string,
): Promise<{ comment: { id: string; status: string } }> {
  const { hostOrigin, workerOrigin } = env();
  const response = await fetch(`${workerOrigin}/api/comments`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      site,
      page: { key: `/articles/${slug}`, url: `${hostOrigin}/articles/${slug}`, title: slug },
      author,
      body,
      ...(parentId ? { parentId } : {}),
    }),
  });
  if (response.status !== 201) throw new Error(`seed: ${response.status} ${await response.text()}`);
  return response.json();
}

export interface ImportedComment {
  id: string;
  parentId: string | null;
  body: string;
  createdAt: string;
  editedAt?: string;
}

/** Puts a whole thread in place at once, through the moderators' import (Parley's format). */
export async function importThread(site: string, slug: string, comments: ImportedComment[]) {
  const key = `/articles/${slug}`;
  await moderate(`/import?site=${site}&format=parley`, {
    method: "POST",
    body: {
      format: "parley",
      version: 1,
      threads: [
        {
          key,
          url: `${env().hostOrigin}${key}`,
          title: slug,
          comments: comments.map((c, i) => ({
            status: "approved",
            author: { name: `Reader ${i}`, email: null, website: null },
            ...c,
          })),
        },
      ],
    },
  });
}

/** The widget's shadow root host, for evaluating inside the widget. */
export const widgetRoot = "#parley-comments";

/** A property of the element focused inside the widget (its shadow root's activeElement). */
export const focusedInWidget = (page: Page, property: "id" | "name" | "tagName") =>
  page.evaluate(
    ([root, key]) =>
      (
        document.querySelector(root!)?.shadowRoot?.activeElement as Record<string, unknown> | null
      )?.[key!],
    [widgetRoot, property],
  );

/** The text of what an input's aria-describedby names in its form (null when nothing is). */
export const describedText = (input: Locator) =>
  input.evaluate((el: HTMLInputElement) => {
    const id = el.getAttribute("aria-describedby");
    return id ? (el.form?.querySelector(`[id="${id}"]`)?.textContent ?? null) : null;
  });

/** A computed style of the first element matching `selector` (locators pierce the shadow root). */
export const computedStyle = (page: Page, selector: string, property: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((el, p) => getComputedStyle(el).getPropertyValue(p), property);

/**
 * The text part of the newest mail to `to` (that says `containing`, if given), once wrangler
 * dev's local Email Service binding has written it: Miniflare writes each mail's text to a
 * file and logs the path.
 */
export async function mailTo(to: string, containing = "", timeoutMs = WAIT_MS): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const log = readFileSync(env().workerLog, "utf8");
    // Each mail is logged as From/To/Subject lines, then "Text: <file>".
    const blocks = log.split("send_email binding called with MessageBuilder:").slice(1);
    const files = blocks
      .filter((block) => block.includes(`To: ${to}`))
      .map((block) => /Text: (\S+)/.exec(block)?.[1])
      .filter((file): file is string => file !== undefined);
    const text = files
      .map((file) => readFileSync(file, "utf8"))
      .filter((mail) => mail.includes(containing))
      .at(-1);
    if (text) return text;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no mail to ${to} in ${env().workerLog}`);
}

/**
 * The serious and critical axe findings on the page, one line each. axe's script is added to
 * the page, so its context must set the page's CSP aside (`bypassCSP: true`).
 */
export async function seriousAxeFindings(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: createRequire(import.meta.url).resolve("axe-core/axe.min.js") });
  const { violations } = (await page.evaluate(
    `axe.run(document, { resultTypes: ["violations"] })`,
  )) as { violations: { id: string; impact: string; nodes: unknown[] }[] };
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${JSON.stringify(v.nodes).slice(0, 300)}`);
}

/** How far the page is wider than the window (0 or less: it fits). */
export const overflowWidth = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
