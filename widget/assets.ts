/** Written by scripts/build-assets.mjs: chunk name → hashed path, e.g. "/assets/de-XYZ.js". */
declare const __PARLEY_ASSETS__: Record<string, string>;

/** Chunks live on the comment host, next to embed.js, not on the page embedding it. */
export const assetUrl = (name: string, origin: string) =>
  new URL(__PARLEY_ASSETS__[name]!, origin).href;
