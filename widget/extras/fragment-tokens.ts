/**
 * The page after a reader confirms mail links back to the article with
 * `#parley-mail=<token>`: this browser keeps the token (per site, in localStorage) and sends
 * it with its next posts that ask for mail, which the Worker then subscribes at once (no
 * other browser holds it). Taken out of the address, so copying the link does not share it.
 * Its own module, so neither the first paint nor the form's chunk carries it.
 */
const mailKey = (site: string) => `parley:mail:${site}`;

export function keepMailToken(site: string): void {
  const token = /^#parley-mail=([\w-]{20,100})$/.exec(location.hash)?.[1];
  if (!token) return;
  history.replaceState(history.state, "", location.pathname + location.search);
  // Storage can be off (private modes, sandboxed frames): then posts ask for confirmation.
  try {
    localStorage.setItem(mailKey(site), token);
  } catch {
    // Nothing kept; nothing lost.
  }
}

export function loadMailToken(site: string): string | undefined {
  try {
    return localStorage.getItem(mailKey(site)) ?? undefined;
  } catch {
    return undefined;
  }
}
