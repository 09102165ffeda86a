/**
 * Sites: create one (id, name, origins), edit every setting, and copy the embed snippet;
 * one site's form at a time, picked from the list.
 */
import { useState } from "preact/hooks";
import type { DeskContext } from "../desk-context";
import { SiteForm } from "./site-form";

export function Sites({ ctx }: { ctx: DeskContext }) {
  const [editing, setEditing] = useState<string | "new" | null>(
    ctx.sites[0]?.id ?? (ctx.me.role === "owner" ? "new" : null),
  );
  const site = ctx.sites.find((s) => s.id === editing) ?? null;
  return (
    <main class="sites">
      <nav class="site-list" aria-label="Sites">
        {ctx.sites.map((s) => (
          <button
            type="button"
            class="tab"
            aria-current={editing === s.id ? "page" : undefined}
            onClick={() => setEditing(s.id)}
          >
            {s.name}
          </button>
        ))}
        {ctx.me.role === "owner" && (
          <button
            type="button"
            class="tab"
            aria-current={editing === "new" ? "page" : undefined}
            onClick={() => setEditing("new")}
          >
            New site
          </button>
        )}
      </nav>
      {editing && (
        <SiteForm
          key={editing}
          ctx={ctx}
          site={site}
          onSaved={(id) => void ctx.reloadSites().then(() => setEditing(id))}
        />
      )}
    </main>
  );
}
