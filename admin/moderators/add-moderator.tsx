/** Adding a moderator: name, email, role, and the sites a moderator (not an owner) may see. */
import { useState } from "preact/hooks";
import { addModerator, type ApiFailure, type Site } from "../api";
import type { DeskContext } from "../desk-context";

type Role = "moderator" | "owner";
type Added = Awaited<ReturnType<typeof addModerator>>;

/** The sites a moderator may see, as checkboxes. */
function SiteChoices(props: {
  sites: Site[];
  chosen: string[];
  error?: string;
  onToggle: (id: string) => void;
}) {
  return (
    <fieldset>
      <legend>Sites</legend>
      {props.sites.map((s) => (
        <label class="check">
          <input
            type="checkbox"
            checked={props.chosen.includes(s.id)}
            onChange={() => props.onToggle(s.id)}
          />
          {s.name}
        </label>
      ))}
      {props.error && <p class="error">{props.error}</p>}
    </fieldset>
  );
}

/** The form's values and errors, and adding the moderator they describe. */
function useNewModerator(ctx: DeskContext, onAdded: (made: Added) => Promise<void>) {
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("moderator");
  const [sites, setSites] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});

  async function add(event: Event) {
    event.preventDefault();
    setErrors({});
    try {
      const made = await addModerator({ name, email, role, sites });
      setName("");
      setEmail("");
      setSites([]);
      ctx.announce(`Added ${made.moderator.name}. Their token is shown once.`);
      await onAdded(made);
    } catch (e) {
      const failure = e as ApiFailure;
      setErrors(Object.keys(failure.fields).length ? failure.fields : { name: failure.message });
    }
  }

  const toggleSite = (id: string) =>
    setSites((all) => (all.includes(id) ? all.filter((s) => s !== id) : [...all, id]));
  return { name, setName, email, setEmail, role, setRole, sites, toggleSite, errors, add };
}

export function AddModerator(props: {
  ctx: DeskContext;
  /** Shows the token and lists the new moderator. */
  onAdded: (made: Added) => Promise<void>;
}) {
  const { name, setName, email, setEmail, role, setRole, sites, toggleSite, errors, add } =
    useNewModerator(props.ctx, props.onAdded);
  return (
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
        <select id="mod-role" value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
          <option value="moderator">moderator: the sites below</option>
          <option value="owner">owner: everything</option>
        </select>
      </div>
      {role === "moderator" && (
        <SiteChoices
          sites={props.ctx.sites}
          chosen={sites}
          error={errors.sites}
          onToggle={toggleSite}
        />
      )}
      <button type="submit" class="primary">
        Add
      </button>
    </form>
  );
}
