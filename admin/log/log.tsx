/** The audit log of a site: who did what, when, newest first. */
import { useEffect, useState } from "preact/hooks";
import { listLog, type LogEntry } from "../api";
import type { DeskContext } from "../desk-context";
import { Table } from "../table";

export function Log({ ctx }: { ctx: DeskContext }) {
  const [entries, setEntries] = useState<LogEntry[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  async function load(more = false) {
    const page = await listLog(ctx.site, more ? cursor : null);
    setEntries((all) => (more && all ? [...all, ...page.entries] : page.entries));
    setCursor(page.nextCursor);
  }
  useEffect(() => void load(), []);
  if (!entries) return <p class="loading">Loading…</p>;
  return (
    <main class="log">
      <h2>Audit log</h2>
      {entries.length === 0 ? (
        <p class="empty">Nothing has been done on this site yet.</p>
      ) : (
        <Table columns={["When", "Who", "What", "Details"]}>
          {entries.map((entry) => (
            <tr>
              <td>
                <time dateTime={entry.at}>{new Date(entry.at).toLocaleString()}</time>
              </td>
              <td>{entry.actor?.name ?? "—"}</td>
              <td>
                {entry.action}
                {entry.from || entry.to ? ` (${entry.from ?? "—"} → ${entry.to ?? "—"})` : ""}
              </td>
              <td>{[entry.commentId, entry.detail].filter(Boolean).join(" · ")}</td>
            </tr>
          ))}
        </Table>
      )}
      {cursor && (
        <button type="button" onClick={() => void load(true)}>
          Older entries
        </button>
      )}
    </main>
  );
}
