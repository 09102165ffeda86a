/**
 * What giscus discussions and utterances issues share: the commenter, a GitHub user, and
 * the page. Which page a giscus discussion or an utterances issue belongs to: Both widgets find it
 * by title, chosen by their `mapping`: `pathname` writes the path without its leading
 * slash and without a file extension (`posts/hello`, `index` for the site root), `url` the
 * full address, `title`/`og:title` the page's title, `specific` any term. Both also write
 * the page's address into the body of the discussion or issue they create, which is the
 * surer identity; a title that is a page title names no page Parley can key, unless the
 * owner's `--map` names it.
 */
import { normalizeWebsite } from "./fields";
import type { PageMap } from "./pages";

export interface GitHubUser {
  login: string;
  /** The user's profile page. */
  url: string;
}

/** A GitHub user as a commenter: no e-mail or address; a deleted account (null) is "ghost". */
export function gitHubAuthor(user: GitHubUser | null) {
  return {
    authorName: user?.login ?? "ghost",
    authorEmail: null,
    authorWebsite: user ? normalizeWebsite(user.url) : null,
    networkAddress: null,
  };
}

/** The identity to key the thread by (a path or URL), or "" when none can be told. */
export function gitHubPageIdentity(title: string, body: string, pageMap?: PageMap): string {
  const term = title.trim();
  if (pageMap?.has(term)) return term;
  const linked = /\bhttps?:\/\/[^\s<>()[\]"']+/i.exec(body)?.[0];
  if (linked) return linked;
  if (/^https?:\/\//i.test(term) || term.startsWith("/")) return term;
  if (term === "index") return "/";
  // A pathname term has no spaces (the browser percent-encodes them); a page title does.
  return term !== "" && !/\s/.test(term) ? `/${term}` : "";
}
