/**
 * A site's form: create one (id, name, origins), or edit its name, origins and every setting;
 * then its embed snippets. The errors shown next to the fields are the API's.
 */
import { useState } from "preact/hooks";
import { putSite, type ApiFailure, type Site } from "../api";
import type { DeskContext } from "../desk-context";
import { SettingsFieldset, useSettings } from "./settings-fieldset";
import { originsOf } from "./lines";
import { fieldsOf, SiteFields } from "./site-fields";
import { Snippets } from "./snippet";

/** The API's field errors by the form's field: "origins.0" → origins; "settings.maxLinks" → maxLinks. */
function errorsOf(failure: ApiFailure, creating: boolean) {
  const fields: Record<string, string> = {};
  for (const [path, text] of Object.entries(failure.fields ?? {})) {
    const [head, second] = path.split(".");
    fields[head === "settings" && second ? second : head!] = text;
  }
  if (creating && failure.code === "invalid_input" && !Object.keys(fields).length)
    fields.id = failure.message;
  return fields;
}

export function SiteForm(props: {
  ctx: DeskContext;
  site: Site | null;
  onSaved: (id: string) => void;
}) {
  const { ctx, site } = props;
  const [fields, setFields] = useState(fieldsOf(site));
  const settings = useSettings(site);
  const [outcome, setOutcome] = useState({ message: "", errors: {} as Record<string, string> });
  const { message, errors } = outcome;

  async function submit(event: Event) {
    event.preventDefault();
    setOutcome({ message: "", errors: {} });
    const siteId = site?.id ?? fields.id.trim();
    try {
      await putSite(siteId, {
        name: fields.name,
        origins: originsOf(fields.origins),
        settings: settings.settings,
      });
      ctx.announce("Saved.");
      setOutcome({ message: "Saved.", errors: {} });
      props.onSaved(siteId);
    } catch (e) {
      const found = errorsOf(e as ApiFailure, !site);
      const said = Object.keys(found).length
        ? "Please correct the fields marked below."
        : (e as ApiFailure).message;
      setOutcome({ message: said, errors: found });
      ctx.announce(said);
    }
  }

  return (
    <form class="site-form" onSubmit={submit} noValidate>
      <h2>{site ? `Settings of ${site.name}` : "New site"}</h2>
      {message && (
        <p class={Object.keys(errors).length ? "error" : "ok"} role="alert">
          {message}
        </p>
      )}
      <SiteFields
        site={site}
        fields={fields}
        errors={errors}
        onChange={(change) => setFields((all) => ({ ...all, ...change }))}
      />
      <SettingsFieldset site={site} settings={settings} errors={errors} />
      {ctx.me.role === "owner" && (
        <button type="submit" class="primary">
          {site ? "Save" : "Create site"}
        </button>
      )}
      {site && <Snippets site={site} />}
    </form>
  );
}
