/**
 * What the widget keeps in the reader's browser: localStorage only, never cookies.
 * Every access is guarded because storage can be disabled (private modes, sandboxed frames).
 * Who the reader is lives here, with the form; their own comments in own-storage.ts, which
 * only sending and the extras need.
 */
export interface AuthorFields {
  name: string;
  email: string;
  website: string;
}

const AUTHOR_KEY = "parley:author";

export function read<T>(key: string, fallback: T): T {
  try {
    return JSON.parse(localStorage.getItem(key) ?? "null") ?? fallback;
  } catch {
    return fallback;
  }
}

export function write(key: string, value: unknown): void {
  try {
    if (value == null) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage is a convenience; the comment itself is already on the server.
  }
}

export const loadAuthor = () => read<AuthorFields | null>(AUTHOR_KEY, null);
export const saveAuthor = (author: AuthorFields | null) => write(AUTHOR_KEY, author);
