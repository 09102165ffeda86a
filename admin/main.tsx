/**
 * The moderator's desk at /admin: sign in with a token (or Cloudflare Access), then the
 * queue, the sites, bans, the audit log, privacy requests and moderators. Every action is
 * announced in one live region, for screen readers.
 */
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { ApiFailure, listSites, me as whoAmI, saveToken, type Me, type Site } from "./api";
import { Bans } from "./bans";
import { Log } from "./log";
import { Moderators } from "./moderators";
import { Privacy } from "./privacy";
import { Queue } from "./queue";
import { Sites } from "./sites";

type View = "queue" | "sites" | "bans" | "log" | "privacy" | "moderators";

export interface DeskContext {
  me: Me;
  sites: Site[];
  site: string;
  reloadSites: (select?: string) => Promise<void>;
  announce: (message: string) => void;
}

function SignIn({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const [token, setToken] = useState("");
  const [error, setError] = useState("");
  async function submit(event: Event) {
    event.preventDefault();
    try {
      const me = await whoAmI(token.trim());
      saveToken(token.trim());
      onSignedIn(me);
    } catch (failure) {
      setError(
        failure instanceof ApiFailure && failure.status === 401
          ? "That token is not valid. Check it and try again."
          : (failure as Error).message,
      );
    }
  }
  return (
    <main class="sign-in">
      <h1>Parley</h1>
      <form onSubmit={submit}>
        <label for="token">Moderator token</label>
        <input
          id="token"
          type="password"
          autoComplete="current-password"
          value={token}
          onInput={(e) => setToken(e.currentTarget.value)}
          aria-invalid={error ? "true" : undefined}
          aria-describedby={error ? "token-error" : undefined}
          required
        />
        {error && (
          <p id="token-error" class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="primary">
          Sign in
        </button>
        <p class="hint">The token stays in this tab only, and is forgotten when you sign out.</p>
      </form>
    </main>
  );
}

function Desk({ me, onSignOut }: { me: Me; onSignOut: () => void }) {
  const [view, setView] = useState<View>("queue");
  const [sites, setSites] = useState<Site[] | null>(null);
  const [site, setSite] = useState("");
  const [said, setSaid] = useState("");

  async function reloadSites(select?: string) {
    const { sites: list } = await listSites();
    setSites(list);
    setSite(
      (current) => select ?? (list.some((s) => s.id === current) ? current : (list[0]?.id ?? "")),
    );
  }
  useEffect(() => void reloadSites(), []);

  const owner = me.role === "owner";
  const views: [View, string][] = [
    ["queue", "Queue"],
    ["sites", "Sites"],
    ["bans", "Bans"],
    ["log", "Log"],
    ...(owner
      ? ([
          ["privacy", "Privacy"],
          ["moderators", "Moderators"],
        ] as [View, string][])
      : []),
  ];
  if (!sites) return <p class="loading">Loading…</p>;
  const ctx: DeskContext = { me, sites, site, reloadSites, announce: setSaid };
  const needsSite = view === "queue" || view === "bans" || view === "log";

  return (
    <>
      <header class="bar">
        <strong class="brand">Parley</strong>
        <nav aria-label="Desk">
          {views.map(([name, label]) => (
            <button
              type="button"
              class="tab"
              aria-current={view === name ? "page" : undefined}
              onClick={() => setView(name)}
            >
              {label}
            </button>
          ))}
        </nav>
        {needsSite && sites.length > 0 && (
          <label class="site-picker">
            <span class="sr">Site</span>
            <select value={site} onChange={(e) => setSite(e.currentTarget.value)}>
              {sites.map((s) => (
                <option value={s.id}>{s.name}</option>
              ))}
            </select>
          </label>
        )}
        <span class="who">{me.name}</span>
        <button type="button" class="link" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <div class="sr" role="status" aria-live="polite">
        {said}
      </div>
      {needsSite && sites.length === 0 ? (
        <main>
          <p>
            No sites yet.{" "}
            {owner && (
              <button type="button" class="link" onClick={() => setView("sites")}>
                Create one
              </button>
            )}
          </p>
        </main>
      ) : view === "queue" ? (
        <Queue key={site} ctx={ctx} />
      ) : view === "sites" ? (
        <Sites ctx={ctx} />
      ) : view === "bans" ? (
        <Bans key={site} ctx={ctx} />
      ) : view === "log" ? (
        <Log key={site} ctx={ctx} />
      ) : view === "privacy" ? (
        <Privacy ctx={ctx} />
      ) : (
        <Moderators ctx={ctx} />
      )}
    </>
  );
}

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
