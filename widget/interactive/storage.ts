/**
 * What the widget keeps in the reader's browser: localStorage only, never cookies.
 * Every access is guarded because storage can be disabled (private modes, sandboxed frames).
 */
export interface AuthorFields {
  name: string;
  email: string;
  website: string;
}

/** A comment this browser posted: what it takes to show, edit and delete it later. */
export interface OwnComment {
  id: string;
  token: string;
  until: string;
  page: string;
  /** The text as written; the server only hands back rendered HTML. */
  body: string;
  postedAt: number;
}

const AUTHOR_KEY = "parley:author";
const ownKey = (site: string) => `parley:own:${site}`;
/** A held comment nobody reviewed in a month is not coming back. */
const OWN_TTL_MS = 30 * 86400_000;

function read<T>(key: string, fallback: T): T {
  try {
    return JSON.parse(localStorage.getItem(key) ?? "null") ?? fallback;
  } catch {
    return fallback;
  }
}

function write(key: string, value: unknown): void {
  try {
    if (value == null) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage is a convenience; the comment itself is already on the server.
  }
}

export const loadAuthor = () => read<AuthorFields | null>(AUTHOR_KEY, null);
export const saveAuthor = (author: AuthorFields | null) => write(AUTHOR_KEY, author);

export function loadOwn(site: string): OwnComment[] {
  const now = Date.now();
  return read<OwnComment[]>(ownKey(site), []).filter((own) => now - own.postedAt < OWN_TTL_MS);
}

export function rememberOwn(site: string, own: OwnComment): void {
  write(ownKey(site), [...loadOwn(site).filter((o) => o.id !== own.id), own].slice(-50));
}

export function forgetOwn(site: string, id: string): void {
  write(
    ownKey(site),
    loadOwn(site).filter((o) => o.id !== id),
  );
}
