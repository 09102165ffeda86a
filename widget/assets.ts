/** Written by scripts/build-assets.mjs: chunk name → content hash, e.g. "de" → "YSLVHZBB". */
declare const __PARLEY_ASSETS__: Record<string, string>;

/** Chunks live on the comment host, next to embed.js, not on the page embedding it. */
export const assetUrl = (name: string, origin: string) =>
  `${origin}/assets/${name}-${__PARLEY_ASSETS__[name]}.js`;
