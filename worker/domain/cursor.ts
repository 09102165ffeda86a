import * as z from "zod";
import { ApiError } from "../errors";
import { fromBase64Url, toBase64Url } from "./keys";

/** Where a page of root comments ends: the position of its last root. */
export interface PageCursor {
  createdAt: string;
  id: string;
}

const cursorPayloadSchema = z.tuple([z.iso.datetime(), z.string().min(1).max(64)]);

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Opaque to clients: base64url of a small JSON array, so its shape can change freely. */
export function encodeCursor(cursor: PageCursor): string {
  return toBase64Url(encoder.encode(JSON.stringify([cursor.createdAt, cursor.id])));
}

export function decodeCursor(text: string): PageCursor {
  try {
    const [createdAt, id] = cursorPayloadSchema.parse(
      JSON.parse(decoder.decode(fromBase64Url(text))),
    );
    return { createdAt, id };
  } catch {
    throw new ApiError("invalid_input", "The request has invalid fields.", {
      cursor: "Not a valid cursor; use nextCursor from a previous page.",
    });
  }
}
