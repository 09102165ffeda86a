/**
 * Sending an import to `POST /api/mod/import` the way `npm run import` and the desk both do:
 * in chunks of whole threads (a reply needs its parent in the same request), each chunk one
 * transaction on the server, so nothing is ever half-imported. The server is idempotent (ids
 * derive from the source), so a chunk sent twice adds nothing: resuming means starting again
 * at the first chunk not known to be done, and an interruption mid-chunk costs nothing.
 */
import type { ParleyThread } from "../worker/schemas/parley-format";

/** Comments per request; whole threads, so a long thread makes a larger chunk. */
export const defaultChunkSize = 1000;

/** Whole threads per chunk, up to `size` comments each (a larger thread alone). */
export function chunkThreads(all: readonly ParleyThread[], size: number): ParleyThread[][] {
  const result: ParleyThread[][] = [];
  let current: ParleyThread[] = [];
  let count = 0;
  for (const thread of all) {
    if (current.length > 0 && count + thread.comments.length > size) {
      result.push(current);
      current = [];
      count = 0;
    }
    current.push(thread);
    count += thread.comments.length;
  }
  if (current.length > 0) result.push(current);
  return result;
}

export function countComments(threads: readonly ParleyThread[]): number {
  return threads.reduce((sum, thread) => sum + thread.comments.length, 0);
}

/** How far an import got: chunks done, and what the server said it added. */
export interface ImportProgress {
  done: number;
  threads: number;
  comments: number;
  skipped: number;
}

export const freshProgress = (): ImportProgress => ({
  done: 0,
  threads: 0,
  comments: 0,
  skipped: 0,
});

/**
 * Names one import (the file's bytes, the site, the format and chunking), so saved progress
 * is only resumed for the same file going to the same place in the same chunks.
 */
export async function importFingerprint(
  bytes: Uint8Array,
  where: Record<string, string | number>,
): Promise<string> {
  // Files are read into plain ArrayBuffers; the DOM's digest() type only wants that said.
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
  return JSON.stringify({ file: hex, ...where });
}

/** Sends one request body to the import route; the caller adds the address and credentials. */
export type PostChunk = (body: string, signal?: AbortSignal) => Promise<Response>;

/**
 * The import stopped. `retryable`: the server could not be reached or kept failing, and
 * sending the rest again later may succeed; otherwise the server refused the chunk (a 4xx),
 * and the message is its own.
 */
export class ImportStoppedError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = "ImportStoppedError";
  }
}

export interface SendOptions {
  post: PostChunk;
  /** Stops the import: the request in flight is dropped and nothing more is sent. */
  signal?: AbortSignal;
  /** After each chunk the server took, with the progress so far (to save or show it). */
  onChunk?: (progress: ImportProgress) => void | Promise<void>;
  /** First retry's wait; each further retry waits twice as long. */
  backoffMs?: number;
}

const attempts = 5;

/**
 * Sends the chunks from `progress.done` on, retrying network failures and 5xx answers with
 * backoff, stopping at a 4xx. Returns the progress at the end; an abort rejects with the
 * signal's reason.
 */
export async function sendChunks(
  chunks: readonly ParleyThread[][],
  progress: ImportProgress,
  options: SendOptions,
): Promise<ImportProgress> {
  const current = { ...progress };
  for (let index = current.done; index < chunks.length; index += 1) {
    const added = await sendChunk(chunks[index]!, options);
    current.done = index + 1;
    current.threads += added.threads;
    current.comments += added.comments;
    current.skipped += added.skipped;
    await options.onChunk?.({ ...current });
  }
  return current;
}

interface ChunkAnswer {
  threads: number;
  comments: number;
  skipped: number;
}

async function sendChunk(chunk: ParleyThread[], options: SendOptions): Promise<ChunkAnswer> {
  const { post, signal, backoffMs = 1000 } = options;
  const body = JSON.stringify({ format: "parley", version: 1, threads: chunk });
  for (let attempt = 1; ; attempt += 1) {
    signal?.throwIfAborted();
    let response: Response | null = null;
    let failure = "";
    try {
      response = await post(body, signal);
    } catch (error) {
      signal?.throwIfAborted();
      failure = error instanceof Error ? error.message : String(error);
    }
    if (response?.ok) return (await response.json()) as ChunkAnswer;
    if (response && response.status < 500) {
      const answer = (await response.json().catch(() => null)) as {
        error?: { message?: string };
      } | null;
      throw new ImportStoppedError(
        `The server refused a chunk (${response.status}): ${answer?.error?.message ?? response.statusText}`,
        false,
      );
    }
    if (attempt >= attempts) {
      throw new ImportStoppedError(
        response
          ? `The server kept failing (${response.status}).`
          : `Cannot reach the server: ${failure}`,
        true,
      );
    }
    await wait(backoffMs * 2 ** (attempt - 1), signal);
  }
}

function wait(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener("abort", stop);
      resolve();
    }
    function stop() {
      clearTimeout(timer);
      reject(signal!.reason);
    }
    signal?.addEventListener("abort", stop, { once: true });
  });
}
