/**
 * The moderator's desk at /admin: sign in with a token (or Cloudflare Access), then the
 * queue, the sites, bans, the audit log, privacy requests and moderators. Every action is
 * announced in one live region, for screen readers. The entry of desk.js
 * (scripts/build-assets.mjs).
 */
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { me as whoAmI, saveToken, type Me } from "./api";
import { Desk } from "./desk";
import { SignIn } from "./sign-in";

function App() {
  const [me, setMe] = useState<Me | null>(null);
  const [checking, setChecking] = useState(true);
  useEffect(() => {
    // A saved token, or (behind Cloudflare Access) none: the API knows who this is.
    whoAmI()
      .then(setMe, () => saveToken(null))
      .finally(() => setChecking(false));
  }, []);
  if (checking) return <p class="loading">Loading…</p>;
  if (!me) return <SignIn onSignedIn={setMe} />;
  return (
    <Desk
      me={me}
      onSignOut={() => {
        saveToken(null);
        setMe(null);
      }}
    />
  );
}

render(<App />, document.getElementById("desk")!);
