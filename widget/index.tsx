/**
 * embed.js entry: read the script's data-* options, then mount the widget inside a shadow
 * root so that the host page's CSS cannot reach it and its CSS cannot reach the page.
 */
import { render } from "preact";
import { listComments } from "./api";
import { App } from "./components/app";
import { loadStrings } from "./i18n";
import { ConfigError, readOptions } from "./options";
import css from "./styles.css";
import { addStyles } from "./styles";

// Must be read now: currentScript is null once this first synchronous run is over.
const script = (document.currentScript ??
  document.querySelector('script[src*="embed.js"][data-site]')) as HTMLScriptElement | null;

async function start(): Promise<void> {
  const options = readOptions(script);
  if (options.target.shadowRoot) throw new ConfigError("the comments are already mounted here.");
  const root = options.target.attachShadow({ mode: "open" });
  // A thread the page already holds (put there by a static build or an edge include) stays
  // in view through a slot until the widget, fully loaded, takes its place (extras/adopt.ts).
  const slot =
    options.target.querySelector("[data-parley-fragment]") && document.createElement("slot");
  if (slot) root.append(slot);
  addStyles(root, css);
  // The list request and the locale chunk (if any) travel in parallel.
  const initial = listComments(options.origin, options.site, options.page.key, options.sort);
  initial.catch(() => undefined);
  const strings = await loadStrings(options.lang, options.origin);
  render(<App options={options} s={strings} initial={initial} />, root);
}

start().catch((error: unknown) => {
  console.error(
    "[parley] " + (error instanceof ConfigError ? error.message : "the widget failed to start"),
    ...(error instanceof ConfigError ? [] : [error]),
  );
});
