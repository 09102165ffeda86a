/** Banning a comment's author (by email) or network, for a while or for good. */
import { useState } from "preact/hooks";
import { ban, type ModComment } from "../../api";
import type { DeskContext } from "../../desk-context";

type Scope = "author" | "network";

const banLengths: [string, number | null][] = [
  ["for a day", 1],
  ["for a week", 7],
  ["for a month", 30],
  ["for good", null],
];

export function BanForm(props: { comment: ModComment; ctx: DeskContext; onDone: () => void }) {
  const { comment } = props;
  const [scope, setScope] = useState<Scope>(comment.email ? "author" : "network");
  const [days, setDays] = useState("7");
  const [error, setError] = useState("");
  async function submit(event: Event) {
    event.preventDefault();
    const length = days === "" ? null : Number(days);
    try {
      await ban({
        site: comment.site,
        commentId: comment.id,
        scope,
        ...(length ? { expiresAt: new Date(Date.now() + length * 86_400_000).toISOString() } : {}),
      });
      props.ctx.announce(`Banned the ${scope}.`);
      props.onDone();
    } catch (e) {
      setError((e as Error).message);
    }
  }
  return (
    <form class="ban" onSubmit={submit}>
      <label>
        Ban
        <select value={scope} onChange={(e) => setScope(e.currentTarget.value as Scope)}>
          <option value="author" disabled={!comment.email}>
            the author
          </option>
          <option value="network">the network</option>
        </select>
      </label>
      <label>
        <span class="sr">How long</span>
        <select value={days} onChange={(e) => setDays(e.currentTarget.value)}>
          {banLengths.map(([label, length]) => (
            <option value={length === null ? "" : String(length)}>{label}</option>
          ))}
        </select>
      </label>
      <button type="submit">Ban</button>
      <button type="button" class="link" onClick={props.onDone}>
        Cancel
      </button>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
