/**
 * `npm run docs:settings`: writes the table of a site's settings into
 * docs/configuration.md, from the settings schema and its descriptions
 * (worker/openapi/settings-table.ts). test/worker/settings-doc.test.ts fails when the file
 * is stale.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { format } from "prettier";
import {
  settingsTable,
  settingsTableEnd,
  settingsTableStart,
} from "../worker/openapi/settings-table";

const file = path.join(path.dirname(fileURLToPath(import.meta.url)), "../docs/configuration.md");
const text = await readFile(file, "utf8");
const start = text.indexOf(settingsTableStart);
const end = text.indexOf(settingsTableEnd);
if (start < 0 || end < start) {
  throw new Error(`docs/configuration.md: no ${settingsTableStart} … ${settingsTableEnd} block`);
}
const written = text.slice(0, start) + settingsTable() + text.slice(end + settingsTableEnd.length);
await writeFile(file, await format(written, { filepath: file }));
console.log("docs/configuration.md: settings table written");
