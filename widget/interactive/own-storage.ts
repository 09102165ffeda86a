/** The reader's own comments on a site, kept in this browser with their edit tokens. */
import { read, write } from "./storage";

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

const ownKey = (site: string) => `parley:own:${site}`;
/** A held comment nobody reviewed in a month is not coming back. */
const OWN_TTL_MS = 30 * 86400_000;

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
