/**
 * An export file's bytes to text. Remark42 backups and Commento/Comentario exports are
 * gzip; they are recognised by gzip's magic bytes, not by their name, and decompressed
 * with the platform's DecompressionStream (Node, browsers and workerd alike).
 */
import { ImportFormatError } from "./errors";

/** Far above any real comment export; a gzip that inflates past it is refused, not read. */
const maxInflatedBytes = 1024 * 1024 * 1024;

export async function readExportBytes(bytes: Uint8Array): Promise<string> {
  const isGzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
  const text = isGzip ? await gunzip(bytes) : bytes;
  return new TextDecoder().decode(text);
}

async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  // Files are read into plain ArrayBuffers; the DOM's Blob type only wants that said.
  const reader = new Blob([bytes as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new DecompressionStream("gzip"))
    .getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      length += read.value.byteLength;
      if (length > maxInflatedBytes) {
        await reader.cancel();
        throw new ImportFormatError(
          "The gzip file inflates past 1 GiB; that is no comment export.",
        );
      }
      chunks.push(read.value);
    }
  } catch (error) {
    if (error instanceof ImportFormatError) throw error;
    throw new ImportFormatError("The file starts like gzip but cannot be decompressed.");
  }
  const inflated = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    inflated.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return inflated;
}
