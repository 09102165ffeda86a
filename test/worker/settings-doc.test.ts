/**
 * docs/configuration.md's settings table is the settings schema's own words
 * (worker/openapi/settings-table.ts): it fails when a setting changes and
 * `npm run docs:settings` was not run. Compared cell by cell, since Prettier aligns the
 * columns of the written file.
 */
import { describe, expect, it } from "vitest";
import configuration from "../../docs/configuration.md?raw";
import { siteSettingsSchema } from "../../worker/schemas/settings";
import {
  settingsTable,
  settingsTableEnd,
  settingsTableStart,
} from "../../worker/openapi/settings-table";

/** The table between the markers, as rows of trimmed cells (the divider row left out). */
function cells(text: string): string[][] {
  const block = text.slice(text.indexOf(settingsTableStart), text.indexOf(settingsTableEnd));
  return block
    .split("\n")
    .filter((line) => line.startsWith("|") && !/^\|[\s|:-]+\|$/.test(line))
    .map((line) =>
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim()),
    );
}

describe("docs/configuration.md", () => {
  it("lists every setting exactly as the schema takes it", () => {
    const documented = cells(configuration);
    expect(documented).toEqual(cells(settingsTable()));
    expect(documented.slice(1).map((row) => row[0])).toEqual(
      Object.keys(siteSettingsSchema.shape).map((name) => `\`${name}\``),
    );
  });
});
