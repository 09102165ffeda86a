/**
 * Moderators (owner only): add one (name, email, role, sites) and hand them the token shown
 * once; revoke them.
 */
import { useEffect, useState } from "preact/hooks";
import { listModerators, revokeModerator, type Moderator } from "../api";
import type { DeskContext } from "../desk-context";
import { Table } from "../table";
import { AddModerator } from "./add-moderator";

/** A new moderator's token, shown only once. */
function TokenNotice(props: { name: string; token: string; onDone: () => void }) {
  return (
    <div class="token" role="alert">
      <p>
        {props.name}'s token, shown only now. Hand it over safely; it signs them in to this desk.
      </p>
      <pre>
        <code>{props.token}</code>
      </pre>
      <button type="button" onClick={() => void navigator.clipboard.writeText(props.token)}>
        Copy
      </button>
      <button type="button" class="link" onClick={props.onDone}>
        Done
      </button>
    </div>
  );
}

export function Moderators({ ctx }: { ctx: DeskContext }) {
  const [list, setList] = useState<Moderator[] | null>(null);
  const [token, setToken] = useState<{ name: string; token: string } | null>(null);
  const load = () => listModerators().then(({ moderators }) => setList(moderators));
  useEffect(() => void load(), []);

  async function revoke(moderator: Moderator) {
    if (!confirm(`Revoke ${moderator.name}? Their token stops working at once.`)) return;
    await revokeModerator(moderator.id);
    ctx.announce(`Revoked ${moderator.name}.`);
    await load();
  }

  return (
    <main class="moderators">
      <h2>Moderators</h2>
      {token && <TokenNotice {...token} onDone={() => setToken(null)} />}
      {list && list.length > 0 && (
        <Table columns={["Name", "Email", "Role", "Sites"]} action>
          {list.map((m) => (
            <tr>
              <td>{m.name}</td>
              <td>{m.email}</td>
              <td>{m.role}</td>
              <td>{m.role === "owner" ? "all" : m.sites.join(", ")}</td>
              <td>
                <button type="button" onClick={() => void revoke(m)}>
                  Revoke
                </button>
              </td>
            </tr>
          ))}
        </Table>
      )}
      <AddModerator
        ctx={ctx}
        onAdded={(made) => {
          setToken({ name: made.moderator.name, token: made.token });
          return load();
        }}
      />
    </main>
  );
}
