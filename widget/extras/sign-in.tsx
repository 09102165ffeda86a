/**
 * Single sign-on in the form (docs/single-sign-on.md): "Signed in as …" for the user the host
 * page's payload names (the form then asks for no name or email), or "Sign in to comment"
 * where the site has a login page, or takes comments only from its signed-in users. In the
 * extras, which arrive with the form chunk: the form's own budget stays the reader's.
 */
import type { WithContext } from "../components/thread-context";
import { fill } from "../i18n";

export function SignIn({ ctx }: WithContext) {
  const { s, options, config } = ctx;
  const { loginUrl, anonymous } = config.signIn;
  if (options.sso) {
    return <p class="note">{fill(s.signedInAs, { name: payloadName(options.sso) })}</p>;
  }
  if (!loginUrl && anonymous) return null;
  return <p class="note">{loginUrl ? <a href={loginUrl}>{s.signIn}</a> : s.signIn}</p>;
}

/**
 * The name in a payload (a JWT's middle part, base64url JSON), only to show it: the Worker
 * checks the payload before it believes any of it.
 */
function payloadName(sso: string): string {
  try {
    const binary = atob(sso.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/"));
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    return String(JSON.parse(new TextDecoder().decode(bytes)).name);
  } catch {
    return "?";
  }
}
