/** A site's bans, with their expiry, and a button to lift each. */
import { useEffect, useState } from "preact/hooks";
import { liftBan, listBans, type Ban } from "../api";
import type { DeskContext } from "../desk-context";
import { Table } from "../table";

export function Bans({ ctx }: { ctx: DeskContext }) {
  const [bans, setBans] = useState<Ban[] | null>(null);
  const load = () => listBans(ctx.site).then(({ bans: list }) => setBans(list));
  useEffect(() => void load(), []);

  async function lift(ban: Ban) {
    await liftBan(ban.id);
    ctx.announce("Ban lifted.");
    await load();
  }

  if (!bans) return <p class="loading">Loading…</p>;
  return (
    <main class="bans">
      <h2>Bans</h2>
      {bans.length === 0 ? (
        <p class="empty">No bans. Ban an author or a network from a comment in the queue.</p>
      ) : (
        <Table columns={["Who", "Until", "Reason"]} action>
          {bans.map((ban) => (
            <tr class={ban.active ? "" : "expired"}>
              <td>
                {ban.scope === "author"
                  ? (ban.email ?? "an author")
                  : `the network of ${ban.commentId}`}
              </td>
              <td>{ban.expiresAt ? new Date(ban.expiresAt).toLocaleString() : "for good"}</td>
              <td>{ban.reason ?? ""}</td>
              <td>
                <button type="button" onClick={() => void lift(ban)}>
                  Lift
                </button>
              </td>
            </tr>
          ))}
        </Table>
      )}
    </main>
  );
}
