/**
 * The mount chunk: window.Parley and the <parley-comments> element, for single-page sites
 * (docs/embedding.md, "Single-page sites"). embed.js fetches it as it starts when its
 * script tag draws no thread itself (no data-site); once it is in, `Parley` is defined and
 * a `parley:ready` event goes to the window. Drawing stays embed.js's (define() receives
 * it): this file only decides when a thread goes up and when it comes down.
 */
import type { Settings } from "../options";
import { settingsOf, watchedAttributes } from "./attributes";
import type { MountChunk, ParleyThread } from "./contract";

/** embed.js's means, as define() receives them. */
let draw: Parameters<MountChunk["define"]>[0];
let render: Parameters<MountChunk["define"]>[1];
let report: Parameters<MountChunk["define"]>[2];

/** Takes down the thread mounted in each element, by this copy of embed.js. */
const mounted = new WeakMap<Element, () => void>();

/**
 * Draws a thread into `target`, in place of the one there; the function it returns takes
 * it down. Every request, listener, timer and observer of the thread ends with its signal,
 * and the shadow root is left empty (it cannot be removed) for the next one.
 */
function show(target: Element, settings: Settings): () => void {
  mounted.get(target)?.();
  const controller = new AbortController();
  const stop = () => {
    controller.abort();
    // draw() attached it, unless the settings were wrong.
    const root = target.shadowRoot;
    if (root) {
      render(null, root);
      root.replaceChildren();
      root.adoptedStyleSheets = [];
    }
    if (mounted.get(target) === stop) mounted.delete(target);
  };
  mounted.set(target, stop);
  draw(target, settings, controller.signal).catch(report);
  return stop;
}

export function mount(target: Element, settings: Settings): ParleyThread {
  let given = settings;
  let stop = show(target, given);
  return {
    update(changes) {
      given = { ...given, ...changes };
      stop = show(target, given);
    },
    destroy: () => stop(),
  };
}

/**
 * <parley-comments site="blog" page-key="/a/">: a thread while it is in the document,
 * drawn again when one of its settings changes. Attribute changes made together (a router
 * setting page-key and page-title) draw it once.
 */
class ParleyComments extends HTMLElement {
  static observedAttributes = watchedAttributes;
  stop?: () => void;
  queued = false;
  connectedCallback() {
    this.stop = show(this, settingsOf(this));
  }
  attributeChangedCallback() {
    if (!this.stop || this.queued) return;
    this.queued = true;
    queueMicrotask(() => {
      this.queued = false;
      if (this.stop) this.stop = show(this, settingsOf(this));
    });
  }
  disconnectedCallback() {
    this.stop?.();
    this.stop = undefined;
  }
}

export const define: MountChunk["define"] = (...means) => {
  [draw, render, report] = means;
  // A second copy of embed.js on the page keeps the first one's API and element.
  if (customElements.get("parley-comments")) return;
  customElements.define("parley-comments", ParleyComments);
  window.Parley = { mount };
  // Scripts that waited for it (the recipes' whenParley()) go on.
  dispatchEvent(new Event("parley:ready"));
};
