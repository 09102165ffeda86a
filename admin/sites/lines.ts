/** A textarea's lines, trimmed, blank ones left out: origins, and settings that are lists. */
export const linesOf = (text: string) =>
  text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
