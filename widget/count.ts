/**
 * count.js: comment counts on article lists, from one script tag:
 *   <script src="https://comments.example.com/count.js" data-site="blog" async></script>
 * Every element with `data-parley-count="/path/"`, and every link whose href ends in
 * `#comments` (its path is the page key), gets "3 comments" in the page's language. One
 * request per 50 pages (the API's batch); no cookies; nothing else of the widget loads.
 */
import { countForms } from "./i18n/counts";
import { scriptLanguage } from "./script-language";
import { plural } from "./i18n/plural";

const batch = 50;

const script = document.currentScript as HTMLScriptElement | null;

function countAll(): void {
  if (!script?.dataset.site) {
    console.error("[parley] count.js needs data-site on its script tag");
    return;
  }
  const site = script.dataset.site;
  const origin = new URL(script.src).origin;
  const lang = scriptLanguage(script, countForms);

  const byKey = new Map<string, Element[]>();
  for (const element of document.querySelectorAll('[data-parley-count], a[href$="#comments"]')) {
    const key =
      element.getAttribute("data-parley-count") ||
      (element instanceof HTMLAnchorElement && element.origin === location.origin
        ? element.pathname
        : "");
    if (key) byKey.set(key, [...(byKey.get(key) ?? []), element]);
  }
  const keys = [...byKey.keys()];
  for (let start = 0; start < keys.length; start += batch) {
    const query = new URLSearchParams({ site });
    for (const key of keys.slice(start, start + batch)) query.append("page", key);
    fetch(`${origin}/api/counts?${query}`, { credentials: "omit" })
      .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
      .then(({ counts }: { counts: Record<string, number> }) => {
        for (const [key, n] of Object.entries(counts)) {
          const text = plural(countForms[lang]!, lang, n);
          for (const element of byKey.get(key) ?? []) element.textContent = text;
        }
      })
      .catch((error) => console.error("[parley] comment counts could not be loaded:", error));
  }
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", countAll);
else countAll();
