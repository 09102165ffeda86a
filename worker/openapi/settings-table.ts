/**
 * The table of a site's settings in docs/configuration.md, written from the settings
 * schema and its descriptions (build time, like the rest of openapi/): the documentation
 * cannot drift from what the Worker accepts. `npm run docs:settings` rewrites it and
 * test/worker/settings-doc.test.ts fails when it is stale.
 */
import * as z from "zod";
import { emailPattern } from "../schemas/common";
import { siteSettingsSchema } from "../schemas/settings";
import { descriptions } from "./descriptions";

interface JsonSchema {
  type?: string;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  items?: JsonSchema;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
  format?: string;
  pattern?: string;
  default?: unknown;
  description?: string;
}

export const settingsTableStart = "<!-- settings:start -->";
export const settingsTableEnd = "<!-- settings:end -->";

const code = (value: unknown) => `\`${JSON.stringify(value)}\``;

/** What values a setting takes, in words. */
function valuesOf(schema: JsonSchema): string {
  if (schema.anyOf) {
    return schema.anyOf
      .map((part) => (part.type === "null" ? code(null) : valuesOf(part)))
      .join(" or ");
  }
  if (schema.enum) return schema.enum.map(code).join(", ");
  switch (schema.type) {
    case "boolean":
      return "`true`, `false`";
    case "integer":
      return `a whole number, ${schema.minimum}–${schema.maximum}`;
    case "array": {
      const item = schema.items ?? {};
      return item.type === "string" && !item.enum
        ? `a list of up to ${schema.maxItems} texts of ${item.minLength}–${item.maxLength} characters`
        : `a list of up to ${schema.maxItems} of: ${valuesOf(item)}`;
    }
    case "string":
      if (schema.format === "email" || schema.pattern === emailPattern.source) {
        return "an email address";
      }
      if (schema.format === "uri" || schema.pattern?.startsWith("^[Hh][Tt][Tt][Pp][Ss]?:")) {
        return "an http(s) URL";
      }
      return schema.maxLength === undefined
        ? "text"
        : `text of ${schema.minLength ?? 0}–${schema.maxLength} characters`;
    default:
      throw new Error(`settings-table: no words for ${JSON.stringify(schema)}`);
  }
}

/** The Markdown table, between its markers. */
export function settingsTable(): string {
  const json = z.toJSONSchema(siteSettingsSchema, { io: "input", metadata: descriptions }) as {
    properties: Record<string, JsonSchema>;
  };
  const rows = Object.entries(json.properties).map(([name, schema]) => {
    if (!schema.description) throw new Error(`settings-table: ${name} has no description`);
    const cells = [`\`${name}\``, valuesOf(schema), code(schema.default), schema.description];
    // Markdown: a bar would end the cell, an angle bracket open a tag.
    const escaped = cells.map((cell) => cell.replaceAll("|", "\\|").replaceAll("<", "&lt;"));
    return `| ${escaped.join(" | ")} |`;
  });
  return [
    settingsTableStart,
    "",
    "| setting | values | default | meaning |",
    "| --- | --- | --- | --- |",
    ...rows,
    "",
    settingsTableEnd,
  ].join("\n");
}
