/**
 * The chunks are built apart from embed.js but must render with the page's one Preact. The
 * build points their `preact` imports here, and embed.js fills these live bindings through
 * bind() right after importing a chunk.
 *
 * Hooks live in the chunks, not in embed.js (the first paint has no use for them). Preact's
 * hooks module installs its handlers on `options` as soon as it is evaluated, which is
 * before bind() can run, so it installs them on the object below; bind() then moves them to
 * the real options. embed.js installs none of its own, so nothing is overwritten.
 */
import type * as Preact from "preact";

export let h: typeof Preact.h;
export let Fragment: typeof Preact.Fragment;
export const options = {} as typeof Preact.options;

export type Bindings = Pick<typeof Preact, "h" | "Fragment" | "options">;

export function bind(preact: Bindings): void {
  ({ h, Fragment } = preact);
  Object.assign(preact.options, options);
}
