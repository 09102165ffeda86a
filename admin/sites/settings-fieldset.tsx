/**
 * A site's settings, drawn from the API's OpenAPI document (generated from the zod schemas
 * that validate a PUT): the rules exist once, in the Worker.
 */
import { useEffect, useState } from "preact/hooks";
import { settingsSchema, type PropertySchema, type Site } from "../api";
import { SettingField } from "./setting-field";

type Values = Record<string, unknown>;

/** The settings' schema once fetched, and the values being edited (a new site's defaults). */
export function useSettings(site: Site | null) {
  const [schema, setSchema] = useState<Record<string, PropertySchema> | null>(null);
  const [settings, setSettings] = useState<Values>(site?.settings ?? {});
  useEffect(() => {
    void settingsSchema().then((properties) => {
      setSchema(properties);
      if (!site)
        setSettings(
          Object.fromEntries(Object.entries(properties).map(([key, p]) => [key, p.default])),
        );
    });
  }, []);
  const setSetting = (key: string, value: unknown) =>
    setSettings((all) => ({ ...all, [key]: value }));
  return { schema, settings, setSetting };
}

export function SettingsFieldset(props: {
  site: Site | null;
  settings: ReturnType<typeof useSettings>;
  errors: Record<string, string>;
}) {
  const { schema, settings, setSetting } = props.settings;
  // A secret the server holds is left out of the PUT unless changed, so it is kept.
  const secrets = props.site?.secrets as Record<string, boolean> | undefined;
  if (!schema) return <p class="loading">Loading the settings…</p>;
  return (
    <fieldset>
      <legend>Settings</legend>
      {Object.entries(schema).map(([key, property]) => (
        <SettingField
          name={key}
          property={property}
          secretSet={secrets?.[key]}
          value={secrets?.[key] ? settings[key] : (settings[key] ?? property.default)}
          error={props.errors[key]}
          onChange={(value) => setSetting(key, value)}
        />
      ))}
    </fieldset>
  );
}
