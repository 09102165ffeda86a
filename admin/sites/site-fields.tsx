/** A site's own fields: its id (when new), name and origins. */
import type { Site } from "../api";
import { originsOf } from "./lines";

export interface Fields {
  id: string;
  name: string;
  /** One per line, as typed. */
  origins: string;
}

export const fieldsOf = (site: Site | null): Fields => ({
  id: site?.id ?? "",
  name: site?.name ?? "",
  origins: (site?.origins ?? []).join("\n"),
});

export function SiteFields(props: {
  site: Site | null;
  fields: Fields;
  errors: Record<string, string>;
  onChange: (change: Partial<Fields>) => void;
}) {
  const { fields, errors, onChange } = props;
  return (
    <>
      {!props.site && (
        <div class="field">
          <label for="site-id">Id</label>
          <input
            id="site-id"
            value={fields.id}
            onInput={(e) => onChange({ id: e.currentTarget.value })}
            aria-describedby="site-id-hint"
            aria-invalid={errors.id || errors.site ? "true" : undefined}
          />
          <p id="site-id-hint" class="hint">
            Lowercase letters, digits, - or _; it goes into the embed snippet.
          </p>
          {(errors.id || errors.site) && <p class="error">{errors.id || errors.site}</p>}
        </div>
      )}
      <div class="field">
        <label for="site-name">Name</label>
        <input
          id="site-name"
          value={fields.name}
          onInput={(e) => onChange({ name: e.currentTarget.value })}
          aria-invalid={errors.name ? "true" : undefined}
          aria-describedby={errors.name ? "site-name-error" : undefined}
        />
        {errors.name && (
          <p id="site-name-error" class="error">
            {errors.name}
          </p>
        )}
      </div>
      <div class="field">
        <label for="site-origins">Origins</label>
        <textarea
          id="site-origins"
          rows={2}
          value={fields.origins}
          onInput={(e) => onChange({ origins: e.currentTarget.value })}
          onBlur={(e) => onChange({ origins: originsOf(e.currentTarget.value).join("\n") })}
          aria-describedby="site-origins-hint"
          aria-invalid={errors.origins ? "true" : undefined}
        />
        <p id="site-origins-hint" class="hint">
          Where the comments are embedded, one per line, such as https://blog.example (a pasted
          article address is reduced to that)
        </p>
        {errors.origins && <p class="error">{errors.origins}</p>}
      </div>
    </>
  );
}
