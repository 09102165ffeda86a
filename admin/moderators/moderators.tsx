/**
 * Moderators (owner only): add one (name, email, role, sites) and hand them the token shown
 * once; change their sites; revoke them.
 */
import { useEffect, useState } from "preact/hooks";
import { addModerator, ApiFailure, listModerators, revokeModerator, type Moderator } from "../api";
import type { DeskContext } from "../desk-context";
import { Table } from "../table";

export function Moderators({ ctx }: { ctx: DeskContext }) {
  const [list, setList] = useState<Moderator[] | null>(null);
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<"moderator" | "owner">("moderator");
  const [sites, setSites] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [token, setToken] = useState<{ name: string; token: string } | null>(null);
  const load = () => listModerators().then(({ moderators }) => setList(moderators));
  useEffect(() => void load(), []);

  async function add(event: Event) {
    event.preventDefault();
    setErrors({});
    try {
      const made = await addModerator({ name, email, role, sites });
      setToken({ name: made.moderator.name, token: made.token });
      setName("");
      setEmail("");
      setSites([]);
      ctx.announce(`Added ${made.moderator.name}. Their token is shown once.`);
      await load();
    } catch (e) {
      const failure = e as ApiFailure;
      setErrors(Object.keys(failure.fields).length ? failure.fields : { name: failure.message });
    }
  }

  async function revoke(moderator: Moderator) {
    if (!confirm(`Revoke ${moderator.name}? Their token stops working at once.`)) return;
    await revokeModerator(moderator.id);
    ctx.announce(`Revoked ${moderator.name}.`);
    await load();
  }

  const toggleSite = (id: string) =>
    setSites((all) => (all.includes(id) ? all.filter((s) => s !== id) : [...all, id]));

  return (
    <main class="moderators">
      <h2>Moderators</h2>
      {token && (
        <div class="token" role="alert">
          <p>
            {token.name}'s token, shown only now. Hand it over safely; it signs them in to this
            desk.
          </p>
          <pre>
            <code>{token.token}</code>
          </pre>
          <button type="button" onClick={() => void navigator.clipboard.writeText(token.token)}>
            Copy
          </button>
          <button type="button" class="link" onClick={() => setToken(null)}>
            Done
          </button>
        </div>
      )}
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
      <form onSubmit={add} class="add-moderator" noValidate>
        <h3>Add a moderator</h3>
        <div class="field">
          <label for="mod-name">Name</label>
          <input id="mod-name" value={name} onInput={(e) => setName(e.currentTarget.value)} />
          {errors.name && <p class="error">{errors.name}</p>}
        </div>
        <div class="field">
          <label for="mod-email">Email</label>
          <input
            id="mod-email"
            type="email"
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
          {errors.email && <p class="error">{errors.email}</p>}
        </div>
        <div class="field">
          <label for="mod-role">Role</label>
          <select
            id="mod-role"
            value={role}
            onChange={(e) => setRole(e.currentTarget.value as "moderator" | "owner")}
          >
            <option value="moderator">moderator: the sites below</option>
            <option value="owner">owner: everything</option>
          </select>
        </div>
        {role === "moderator" && (
          <fieldset>
            <legend>Sites</legend>
            {ctx.sites.map((s) => (
              <label class="check">
                <input
                  type="checkbox"
                  checked={sites.includes(s.id)}
                  onChange={() => toggleSite(s.id)}
                />
                {s.name}
              </label>
            ))}
            {errors.sites && <p class="error">{errors.sites}</p>}
          </fieldset>
        )}
        <button type="submit" class="primary">
          Add
        </button>
      </form>
    </main>
  );
}
