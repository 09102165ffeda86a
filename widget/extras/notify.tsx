/**
 * "Notify me of follow-up comments by email." (WordPress's words), off by default, on sites
 * whose config offers it. Checked, it asks which: replies to the reader's own comment, or
 * every new comment on the page. The subscription waits for the address's confirmation by
 * mail (the Worker's double opt-in), unless this browser confirmed it before and so holds
 * the site's mail token (extras/fragment-tokens.ts).
 */
import type { NotifyProps, NotifyScope } from "../components/thread-context";

export function Notify({ ctx: { s }, formId, value, onChange }: NotifyProps) {
  const id = `${formId}-notify`;
  const choice = (scope: NotifyScope, label: string) => (
    <label class="check">
      <input type="radio" name={id} checked={value === scope} onChange={() => onChange(scope)} />
      {label}
    </label>
  );
  return (
    <div class="notify">
      <p class="check">
        <input
          type="checkbox"
          id={id}
          checked={value !== null}
          onChange={(e) => onChange(e.currentTarget.checked ? "replies" : null)}
        />
        <label for={id}>{s.notifyMe}</label>
      </p>
      {value !== null && (
        <fieldset class="notify-scope">
          <legend class="sr">{s.notifyMe}</legend>
          {choice("replies", s.notifyReplies)}
          {choice("all", s.notifyAll)}
        </fieldset>
      )}
    </div>
  );
}
