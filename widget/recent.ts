/**
 * recent.js: a site's newest comments for a sidebar, like WordPress's Recent Comments
 * widget, from one script tag:
 *   <div id="parley-recent"></div>
 *   <script src="https://comments.example.com/recent.js" data-site="blog" async></script>
 * It writes plain lists ("Ann on A post", the time, a line of the comment) with class names
 * and no styles of its own, so the host page's styles apply. Every text goes in as text,
 * never as markup. One request (GET /api/recent), no cookies; nothing else of the widget
 * loads. docs/embedding.md lists the data attributes.
 */
import type * as z from "zod";
import type { recentResponseSchema } from "../worker/schemas/reader-answers";
import { recentStrings } from "./i18n/recent";
import { scriptLanguage } from "./script-language";

type Recent = z.infer<typeof recentResponseSchema>;
type Page = Recent["comments"][number]["page"];

const script = document.currentScript as HTMLScriptElement | null;

/** An element with a class (recent.js's only hooks for the host page's styles) and text. */
function element<Tag extends keyof HTMLElementTagNameMap>(
  tag: Tag,
  name: string,
  text = "",
): HTMLElementTagNameMap[Tag] {
  const made = document.createElement(tag);
  made.className = `parley-recent-${name}`;
  made.textContent = text;
  return made;
}

/** A link to the page (to `hash` on it), or its title alone when it has no http(s) address. */
function pageLink({ key, url, title }: Page, hash = ""): HTMLElement {
  const safe = url && /^https?:\/\//i.test(url);
  const link = element(safe ? "a" : "span", "page", title || key);
  if (safe) link.setAttribute("href", url + hash);
  return link;
}

/** The comment's words as one line of plain text, cut to `length` characters. */
function excerpt(html: string, length: number): string {
  // DOMParser's document is inert: nothing in it loads or runs.
  const text = new DOMParser().parseFromString(html, "text/html").body.textContent ?? "";
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > length ? `${line.slice(0, length).trimEnd()}…` : line;
}

/** A list with its accessible name. */
function list(name: string, label: string, items: HTMLElement[]): HTMLUListElement {
  const ul = element("ul", name);
  ul.setAttribute("aria-label", label);
  ul.append(...items);
  return ul;
}

function render(target: Element, answer: Recent, lang: string, length: number): void {
  const s = recentStrings[lang] ?? recentStrings.en!;
  const comments = answer.comments.map((comment) => {
    const item = element("li", "comment");
    const name = element("span", "author", comment.author.name || s.anonymous);
    // "Ann on A post": in every language here, who comes first.
    item.append(name, ` ${s.on} `, pageLink(comment.page, `#comment-${comment.id}`));
    const time = element("time", "time", new Date(comment.createdAt).toLocaleDateString(lang));
    time.setAttribute("datetime", comment.createdAt);
    item.append(" ", time);
    if (length > 0) item.append(element("p", "excerpt", excerpt(comment.html, length)));
    return item;
  });
  const lists = [list("comments", s.comments, comments)];
  if (answer.pages) {
    const pages = answer.pages.map((page) => {
      const item = element("li", "page-item");
      // The count as a number, as WordPress's widgets show it: "(3)" needs no words per language.
      item.append(pageLink(page), " ", element("span", "count", `(${page.count})`));
      return item;
    });
    lists.push(list("pages", s.pages, pages));
  }
  target.replaceChildren(...lists);
}

/** `data-target`'s element; without one, #parley-recent, else a new element after the script. */
function targetOf(script: HTMLScriptElement, selector: string | undefined): Element | null {
  if (selector) return document.querySelector(selector);
  const found = document.querySelector("#parley-recent");
  if (found) return found;
  const made = element("div", "list");
  script.after(made);
  return made;
}

function showRecent(): void {
  const data = script?.dataset;
  if (!script || !data?.site) {
    console.error("[parley] recent.js needs data-site on its script tag");
    return;
  }
  const target = targetOf(script, data.target);
  if (!target) {
    console.error(`[parley] recent.js: data-target "${data.target}" matches nothing`);
    return;
  }
  // Characters of each comment shown; a wrong value shows none rather than all.
  const length = Number(data.excerpt ?? 100) || 0;
  const query = new URLSearchParams({ site: data.site, limit: data.limit ?? "5" });
  if (data.pages === "1") query.set("pages", "1");
  fetch(`${new URL(script.src).origin}/api/recent?${query}`, { credentials: "omit" })
    .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
    .then((answer: Recent) => render(target, answer, scriptLanguage(script, recentStrings), length))
    .catch((error) => console.error("[parley] recent comments could not be loaded:", error));
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", showRecent);
else showRecent();
