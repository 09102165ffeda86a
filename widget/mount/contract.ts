/**
 * What embed.js and the mount chunk (./index.ts) hand each other, and the API they give
 * the page. Types only: embed.js imports the chunk through a URL, so this file is the one
 * both sides are checked against.
 */
import type { render as preactRender } from "preact";
import type { Settings } from "../options";

/**
 * Draws the thread `settings` describe into `target`'s shadow root, attached on first use
 * (index.tsx); one given a signal is taken down with it. Rejects with what went wrong.
 */
export type Draw = (target: Element, settings: Settings, signal?: AbortSignal) => Promise<void>;

/** A thread a page mounted: what Parley.mount() returns. */
export interface ParleyThread {
  /**
   * Shows what `changes` describe (another page's thread, say) in the same element: the
   * settings given before, with these over them.
   */
  update(changes: Settings): void;
  /** Takes the thread down: its requests, timers, listeners and observers go with it. */
  destroy(): void;
}

export interface ParleyApi {
  /** Draws a thread into `target`, with the script tag's settings by their camelCase names. */
  mount(target: Element, settings: Settings): ParleyThread;
}

declare global {
  interface Window {
    Parley?: ParleyApi;
  }
}

/** The chunk's module (./index.ts). */
export interface MountChunk extends ParleyApi {
  /**
   * Receives embed.js's means (the thread's drawing, Preact's render to take one down, the
   * "[parley]" console report), then defines window.Parley and the <parley-comments> element.
   */
  define(draw: Draw, render: typeof preactRender, report: (error: unknown) => void): void;
}
