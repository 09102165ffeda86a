/**
 * A script for a test page's <head>, run before embed.js: it wraps the browser's timers,
 * event listeners, observers and fetch, so that a test can ask what the widget's code has
 * live at any moment (`window.__live()`): what a thread taken down must not leave behind.
 */
import type { Page } from "playwright-core";
import { expect } from "vitest";

export interface Live {
  /** setTimeout callbacks neither run nor cleared. */
  timeouts: number;
  /** setInterval timers not cleared (polling among them). */
  intervals: number;
  /** Listeners on window or document. */
  global: number;
  /** Listeners on elements still in the document (a thread's own, while it is shown). */
  onElements: number;
  /** Intersection, mutation and resize observers observing something. */
  observers: number;
  /** fetch() calls not yet answered or failed. */
  fetches: number;
  /** The URLs of fetch() calls that ended by being aborted. */
  aborted: string[];
  /** The URLs of every fetch() call so far. */
  fetched: string[];
  /** What the live global listeners and observers are ("window hashchange", …), for messages. */
  described: string[];
}

declare global {
  interface Window {
    __live(): Live;
    /** What was live before the page's first thread: what the page itself keeps. */
    __baseline: Live;
  }
}

/** The probe's source, as an inline script. Plain ES2022: it runs in the page as written. */
export const leakProbeScript = `(() => {
  // Only what the widget's own code (embed.js and its chunks) starts is counted: not the
  // page's router, nor what Playwright adds to the page while it drives it.
  Error.stackTraceLimit = 100;
  const byWidget = () => /\\/embed\\.js|\\/assets\\/[\\w-]+\\.js/.test(new Error().stack ?? "");
  const timeouts = new Set();
  const intervals = new Set();
  const listeners = new Set();
  const observers = new Set();
  const fetches = new Set();
  const aborted = [];
  const fetched = [];
  const original = {
    setTimeout: window.setTimeout.bind(window),
    clearTimeout: window.clearTimeout.bind(window),
    setInterval: window.setInterval.bind(window),
    clearInterval: window.clearInterval.bind(window),
    add: EventTarget.prototype.addEventListener,
    remove: EventTarget.prototype.removeEventListener,
    fetch: window.fetch.bind(window),
  };
  window.setTimeout = (callback, ms, ...args) => {
    const id = original.setTimeout((...a) => {
      timeouts.delete(id);
      callback(...a);
    }, ms, ...args);
    if (byWidget()) timeouts.add(id);
    return id;
  };
  window.clearTimeout = (id) => {
    timeouts.delete(id);
    original.clearTimeout(id);
  };
  window.setInterval = (...args) => {
    const id = original.setInterval(...args);
    if (byWidget()) intervals.add(id);
    return id;
  };
  window.clearInterval = (id) => {
    intervals.delete(id);
    original.clearInterval(id);
  };

  const captureOf = (options) => (typeof options === "boolean" ? options : !!options?.capture);
  const find = (target, type, callback, capture) =>
    [...listeners].find((l) => l.target === target && l.type === type && l.callback === callback && l.capture === capture);
  EventTarget.prototype.addEventListener = function (type, callback, options) {
    const capture = captureOf(options);
    if (callback && !find(this, type, callback, capture) && !options?.signal?.aborted && byWidget()) {
      const entry = { target: this, type, callback, capture };
      listeners.add(entry);
      const drop = () => listeners.delete(entry);
      // Removed by its signal, or after its one call: the probe hears both as the browser does.
      if (options?.signal) original.add.call(options.signal, "abort", drop, { once: true });
      if (options?.once) original.add.call(this, type, drop, { once: true, capture });
    }
    return original.add.call(this, type, callback, options);
  };
  EventTarget.prototype.removeEventListener = function (type, callback, options) {
    const entry = find(this, type, callback, captureOf(options));
    if (entry) listeners.delete(entry);
    return original.remove.call(this, type, callback, options);
  };

  for (const name of ["IntersectionObserver", "MutationObserver", "ResizeObserver"]) {
    const Observer = window[name];
    window[name] = class extends Observer {
      observe(...args) {
        this.kind = name;
        if (byWidget()) observers.add(this);
        return super.observe(...args);
      }
      disconnect() {
        observers.delete(this);
        return super.disconnect();
      }
    };
  }

  window.fetch = (input, init) => {
    const url = String(input?.url ?? input);
    const entry = { url };
    if (byWidget()) {
      fetches.add(entry);
      fetched.push(url);
    }
    const answer = original.fetch(input, init);
    answer.then(
      () => fetches.delete(entry),
      (error) => {
        fetches.delete(entry);
        if (error?.name === "AbortError") aborted.push(url);
      },
    );
    return answer;
  };

  window.__live = () => {
    const live = [...listeners].filter((l) =>
      l.target === window || l.target === document || (l.target instanceof Node && l.target.isConnected));
    const global = live.filter((l) => l.target === window || l.target === document).length;
    return {
      timeouts: timeouts.size,
      intervals: intervals.size,
      global,
      onElements: live.length - global,
      observers: observers.size,
      fetches: fetches.size,
      aborted: [...aborted],
      fetched: [...fetched],
      described: [
        ...live.filter((l) => l.target === window || l.target === document)
          .map((l) => (l.target === window ? "window " : "document ") + l.type),
        ...[...observers].map((o) => o.kind),
      ],
    };
  };
})();`;

export const live = (page: Page): Promise<Live> => page.evaluate(() => window.__live());

/**
 * Waits until nothing of the page's threads is live beyond what the page had before its
 * first one (`window.__baseline`): what a thread scheduled for the next moment has run,
 * and no timer, interval, listener, observer or request remains.
 */
export async function expectNothingLive(page: Page): Promise<void> {
  const counts = ({ timeouts, intervals, global, onElements, observers, fetches }: Live) => ({
    timeouts,
    intervals,
    global,
    onElements,
    observers,
    fetches,
  });
  const baseline = await page.evaluate(() => window.__baseline);
  await expect
    .poll(async () => counts(await live(page)))
    .toEqual({ ...counts(baseline), fetches: 0 });
}
