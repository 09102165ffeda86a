/**
 * Tokens the Worker hands one browser through the address's fragment, on the way back from
 * a page behind a mail link: `#parley-mail=` after confirming mail (its posts then subscribe
 * at once) and `#parley-reader=` after verifying an address (its reader token: the verified
 * mark, one's own comments from any device). This browser keeps each per site, in
 * localStorage, never a cookie; each is taken out of the address, so copying the link does
 * not share it. A fragment never reaches a server's logs. Its own module, so neither the
 * first paint nor the form's chunk carries it.
 */
export type FragmentToken = "mail" | "reader";

const keyOf = (kind: FragmentToken, site: string) => `parley:${kind}:${site}`;

/** Keeps the token the address carries, if it carries one of this kind. */
export function keepFragmentToken(kind: FragmentToken, site: string): void {
  const token = new RegExp(`^#parley-${kind}=([\\w.-]{20,600})$`).exec(location.hash)?.[1];
  if (!token) return;
  history.replaceState(history.state, "", location.pathname + location.search);
  // Storage can be off (private modes, sandboxed frames): then the token is simply not kept.
  try {
    localStorage.setItem(keyOf(kind, site), token);
  } catch {
    // Nothing kept; nothing lost.
  }
}

export function loadToken(kind: FragmentToken, site: string): string | undefined {
  try {
    return localStorage.getItem(keyOf(kind, site)) ?? undefined;
  } catch {
    return undefined;
  }
}

export function forgetToken(kind: FragmentToken, site: string): void {
  try {
    localStorage.removeItem(keyOf(kind, site));
  } catch {
    // Nothing was kept.
  }
}
