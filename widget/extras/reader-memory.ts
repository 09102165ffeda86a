/**
 * The reader, as likes and page reactions know them: a random id kept in localStorage, made
 * on the first like or reaction and sent with those only (the server keeps a keyed hash of
 * it), and what this browser liked or reacted with, remembered beside it. No cookie.
 */
const readerKey = "parley:reader";

/**
 * Whether the page is left (a reload, a link followed) while a like's or reaction's request
 * is in flight. A request cut short then is no refusal: the server has most likely stored
 * it, so the click is not taken back from what the browser remembers. Watched only while
 * the request lasts, so a thread taken down leaves no listener behind.
 */
export function watchLeaving(): { left: () => boolean; stop: () => void } {
  let left = false;
  const onHide = () => (left = true);
  addEventListener("pagehide", onHide);
  return { left: () => left, stop: () => removeEventListener("pagehide", onHide) };
}

/** Enough to remember, little enough that localStorage never fills up with it. */
const rememberedItems = 500;

export function readerId(): string {
  let id = localStorage.getItem(readerKey);
  if (!id) {
    const bytes = crypto.getRandomValues(new Uint8Array(18));
    id = btoa(String.fromCharCode(...bytes))
      .replace(/\+/g, "-")
      .replace(/\//g, "_");
    localStorage.setItem(readerKey, id);
  }
  return id;
}

/** What is remembered under `key` (the comments liked on a site, say), oldest first. */
export function remembered(key: string): string[] {
  try {
    return JSON.parse(localStorage.getItem(key) ?? "[]");
  } catch {
    return [];
  }
}

/** Remembers `item` under `key` (`on`), or forgets it; the oldest go past the limit. */
export function remember(key: string, item: string, on: boolean): void {
  const rest = remembered(key).filter((other) => other !== item);
  localStorage.setItem(key, JSON.stringify((on ? [...rest, item] : rest).slice(-rememberedItems)));
}
