/**
 * embed.js entry. A script tag with data-site draws its thread at once, as it always has;
 * single-page sites mount threads themselves, with Parley.mount() or <parley-comments>,
 * whose code (widget/mount/) is a chunk of its own, fetched only by pages that use it.
 * Each thread lives inside a shadow root, so that the host page's CSS cannot reach it and
 * its CSS cannot reach the page.
 */
import { render } from "preact";
import { listComments } from "./api";
import { assetUrl } from "./assets";
import { App } from "./components/app";
import { loadStrings } from "./i18n";
import type { Draw, MountChunk } from "./mount/contract";
import type * as MountModule from "./mount/index";
import { ConfigError, findTarget, readOptions } from "./options";
import css from "./styles.css";
import { addStyles } from "./styles";

// Must be read now: currentScript is null once this first synchronous run is over.
const script = (document.currentScript ??
  document.querySelector('script[src*="embed.js"]')) as HTMLScriptElement | null;

/** The chunk comes through import() of a URL: here it is checked against what it must provide. */
type _Checked = Provides<typeof MountModule, MountChunk>;
type Provides<Module extends Expected, Expected> = Module;

function report(error: unknown): void {
  console.error(
    "[parley] " + (error instanceof ConfigError ? error.message : "the widget failed to start"),
    ...(error instanceof ConfigError ? [] : [error]),
  );
}

async function start(): Promise<void> {
  if (!script?.src) throw new ConfigError("load embed.js with a classic <script src> tag");
  const origin = new URL(script.src).origin;
  const data = script.dataset;

  /**
   * Draws the thread `settings` describe into the target's shadow root. A thread of the
   * mount API comes with a signal, which takes it down (mount/index.ts); the tag's has none.
   */
  const draw: Draw = async (target, settings, signal) => {
    const options = readOptions(settings, origin, target, signal);
    // A mounted thread reuses its element's root. A tag's thread never shares one: where an
    // element already has a root, the browser refuses another ("[parley] the widget failed
    // to start", with its reason).
    const root = (signal && target.shadowRoot) || target.attachShadow({ mode: "open" });
    // A thread the page already holds (put there by a static build or an edge include) stays
    // in view through a slot until the widget, fully loaded, takes its place (extras/adopt.ts).
    if (target.querySelector("[data-parley-fragment]")) root.append(document.createElement("slot"));
    addStyles(root, css);
    // The list request and the locale chunk (if any) travel in parallel.
    const initial = listComments(options, options.site, options.page.key, options.sort);
    initial.catch(() => undefined);
    const strings = await loadStrings(options.lang, origin);
    // Taken down meanwhile (a single-page site moved on): nothing is drawn.
    if (!signal?.aborted) render(<App options={options} s={strings} initial={initial} />, root);
  };

  // A tag that names its site, or sits by a #parley-comments, draws that thread (and says
  // what is wrong with it); one that does neither leaves the mounting to the page, through
  // the mount chunk (window.Parley and <parley-comments>).
  if (data.site || document.querySelector("#parley-comments")) {
    return draw(findTarget(script, data.target), data);
  }
  const chunk: MountChunk = await import(assetUrl("mount", origin));
  chunk.define(draw, render, report);
}

start().catch(report);
