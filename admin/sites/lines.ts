/** A textarea's lines, trimmed, blank ones left out: origins, and settings that are lists. */
export const linesOf = (text: string) =>
  text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);

/**
 * The origins typed or pasted, one per line: an article's whole address is reduced to its
 * origin (what the browser sends as `Origin`), since that is what a site owner has at hand.
 * Anything that is not an http(s) URL stays as typed, for the API to name what is wrong.
 */
export const originsOf = (text: string) => linesOf(text).map(originOf);

function originOf(line: string): string {
  try {
    const url = new URL(line);
    return url.protocol === "https:" || url.protocol === "http:" ? url.origin : line;
  } catch {
    return line;
  }
}
