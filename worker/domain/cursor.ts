import * as z from "zod";
import { ApiError } from "../errors";
import { fromBase64Url, toBase64Url } from "./keys";

/** Where a page of root comments ends: the position of its last root. */
export interface PageCursor {
  createdAt: string;
  id: string;
  /** Under the `best` sort: the last root's likes. */
  likes?: number;
}

const cursorPayloadSchema = z.tuple(
  [z.iso.datetime(), z.string().min(1).max(64)],
  z.number().int().nonnegative(),
);

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Opaque to clients: base64url of a small JSON array, so its shape can change freely. */
export function encodeCursor(cursor: PageCursor): string {
  const parts = [
    cursor.createdAt,
    cursor.id,
    ...(cursor.likes === undefined ? [] : [cursor.likes]),
  ];
  return toBase64Url(encoder.encode(JSON.stringify(parts)));
}

export function decodeCursor(text: string): PageCursor {
  try {
    const [createdAt, id, likes] = cursorPayloadSchema.parse(
      JSON.parse(decoder.decode(fromBase64Url(text))),
    );
    return likes === undefined ? { createdAt, id } : { createdAt, id, likes };
  } catch {
    throw new ApiError("invalid_input", "The request has invalid fields.", {
      cursor: "Not a valid cursor; use nextCursor from a previous page.",
    });
  }
}
