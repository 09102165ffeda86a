/**
 * The desk once signed in: the bar (the screens, the site picker, who is signed in), the one
 * live region every action is announced in, and the screen picked.
 */
import { useEffect, useState } from "preact/hooks";
import { listSites, type Me, type Site } from "./api";
import { Bans } from "./bans/bans";
import type { DeskContext } from "./desk-context";
import type * as ImportScreenModule from "./import/import-screen";
import { lazyScreen, loadScreen } from "./lazy-screen";
import { Log } from "./log/log";
import { Moderators } from "./moderators/moderators";
import { Privacy } from "./privacy/privacy";
import { Queue } from "./queue/queue";
import { Sites } from "./sites/sites";

type View = "queue" | "sites" | "bans" | "log" | "import" | "privacy" | "moderators";

const views: [View, string][] = [
  ["queue", "Queue"],
  ["sites", "Sites"],
  ["bans", "Bans"],
  ["log", "Log"],
];
const ownerViews: [View, string][] = [
  ["import", "Import"],
  ["privacy", "Privacy"],
  ["moderators", "Moderators"],
];
/** The screens of one site, picked in the bar. */
const perSite = (view: View) =>
  view === "queue" || view === "bans" || view === "log" || view === "import";

/** Import and export, with every converter: a chunk of its own, loaded when opened. */
const Transfer = lazyScreen(() =>
  loadScreen<typeof ImportScreenModule>("import-screen").then((m) => m.ImportScreen),
);

function DeskBar(props: {
  ctx: DeskContext;
  view: View;
  onView: (view: View) => void;
  onSite: ((site: string) => void) | null;
  onSignOut: () => void;
}) {
  const { me, sites, site } = props.ctx;
  const { onSite } = props;
  return (
    <header class="bar">
      <strong class="brand">Parley</strong>
      <nav aria-label="Desk">
        {(me.role === "owner" ? [...views, ...ownerViews] : views).map(([name, label]) => (
          <button
            type="button"
            class="tab"
            aria-current={props.view === name ? "page" : undefined}
            onClick={() => props.onView(name)}
          >
            {label}
          </button>
        ))}
      </nav>
      {onSite && (
        <label class="site-picker">
          <span class="sr">Site</span>
          <select value={site} onChange={(e) => onSite(e.currentTarget.value)}>
            {sites.map((s) => (
              <option value={s.id}>{s.name}</option>
            ))}
          </select>
        </label>
      )}
      <span class="who">{me.name}</span>
      <button type="button" class="link" onClick={props.onSignOut}>
        Sign out
      </button>
    </header>
  );
}

/** The screen picked; the queue, bans, log and import start again when the site changes. */
function Screen({
  ctx,
  view,
  onView,
}: {
  ctx: DeskContext;
  view: View;
  onView: (view: View) => void;
}) {
  if (perSite(view) && ctx.sites.length === 0)
    return (
      <main>
        <p>
          No sites yet.{" "}
          {ctx.me.role === "owner" && (
            <button type="button" class="link" onClick={() => onView("sites")}>
              Create one
            </button>
          )}
        </p>
      </main>
    );
  if (view === "queue") return <Queue key={ctx.site} ctx={ctx} />;
  if (view === "sites") return <Sites ctx={ctx} />;
  if (view === "bans") return <Bans key={ctx.site} ctx={ctx} />;
  if (view === "log") return <Log key={ctx.site} ctx={ctx} />;
  if (view === "import") return <Transfer key={ctx.site} ctx={ctx} />;
  if (view === "privacy") return <Privacy ctx={ctx} />;
  return <Moderators ctx={ctx} />;
}

export function Desk({ me, onSignOut }: { me: Me; onSignOut: () => void }) {
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

  if (!sites) return <p class="loading">Loading…</p>;
  const ctx: DeskContext = { me, sites, site, reloadSites, announce: setSaid };
  return (
    <>
      <DeskBar
        ctx={ctx}
        view={view}
        onView={setView}
        onSite={perSite(view) && sites.length > 0 ? setSite : null}
        onSignOut={onSignOut}
      />
      <div class="sr" role="status" aria-live="polite">
        {said}
      </div>
      <Screen ctx={ctx} view={view} onView={setView} />
    </>
  );
}
