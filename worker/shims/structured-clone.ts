/**
 * Stands in for `@ungap/structured-clone` in the deployed bundle (see `[alias]` in
 * wrangler.toml): hast-util-to-mdast (the importers' HTML → Markdown) clones trees with
 * it, and the Workers runtime has `structuredClone` itself, so the polyfill's ~3 KiB
 * need not ship.
 */
const clone: typeof structuredClone = (value, options) => structuredClone(value, options);
export default clone;
