/**
 * A page's identity in another system, to the key Parley's widget uses for it. Paths and
 * full URLs key as the widget does (fields.ts `locateThread`); identities that are neither
 * (Cusdis or Isso ids a site chose, a page that moved) are looked up first in the owner's
 * map (`--map`, a JSON object from the source's identity to a Parley key or URL).
 */
import * as z from "zod";
import { ImportFormatError } from "./errors";
import { locateThread, type ThreadLocation } from "./fields";

export type PageMap = ReadonlyMap<string, string>;

const pageMapSchema = z.record(z.string().min(1), z.string().min(1).max(500));

/** Reads a `--map` file's text. */
export function parsePageMap(text: string): PageMap {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ImportFormatError("The page map is not JSON; give an object of identity → key.");
  }
  const parsed = pageMapSchema.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues[0]?.path.join(".") ?? "";
    throw new ImportFormatError(`The page map's entry ${where} is not a page key (text, ≤ 500).`);
  }
  return new Map(Object.entries(parsed.data));
}

/** The thread a page's comments go to; null when the identity is empty or unusable. */
export function locatePage(identity: string, pageMap?: PageMap): ThreadLocation | null {
  const trimmed = identity.trim();
  const mapped = pageMap?.get(trimmed);
  if (mapped !== undefined) return locateAbsolute(mapped) ?? { key: mapped, url: null };
  return locateThread(trimmed);
}

/** A map target that is a full URL keys like one; anything else is the key itself. */
function locateAbsolute(target: string): ThreadLocation | null {
  return /^https?:\/\//i.test(target) ? locateThread(target) : null;
}
