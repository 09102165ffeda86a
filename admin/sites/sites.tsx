/**
 * Sites: create one (id, name, origins), edit every setting, and copy the embed snippet.
 * The settings form is drawn from the API's own OpenAPI document (generated from the zod
 * schemas that validate a PUT), and the errors shown next to the fields are the API's: the
 * rules exist once, in the Worker.
 */
import { useEffect, useState } from "preact/hooks";
import {
  putSite,
  settingsSchema as loadSettingsSchema,
  type ApiFailure,
  type PropertySchema,
  type Site,
} from "../api";
import type { DeskContext } from "../desk-context";

/** The non-null branch of a nullable property, and whether null is allowed. */
function unwrap(schema: PropertySchema): { schema: PropertySchema; nullable: boolean } {
  const branch = schema.anyOf?.find((s) => s.type !== "null");
  return branch
    ? { schema: { ...schema, ...branch }, nullable: true }
    : { schema, nullable: false };
}

/** camelCase → "Camel case". */
const labelOf = (name: string) =>
  name
    .replace(/([A-Z])/g, " $1")
    .replace(/^./, (c) => c.toUpperCase())
    .replace(/ ([A-Z])/g, (m) => m.toLowerCase());

type Values = Record<string, unknown>;

function SettingField(props: {
  name: string;
  property: PropertySchema;
  value: unknown;
  error?: string;
  /** A secret setting with a value on the server, which no answer shows. */
  secretSet?: boolean;
  onChange: (value: unknown) => void;
}) {
  const { schema, nullable } = unwrap(props.property);
  const id = `setting-${props.name}`;
  const describedBy = [schema.description && `${id}-hint`, props.error && `${id}-error`]
    .filter(Boolean)
    .join(" ");
  const common = {
    id,
    "aria-invalid": props.error ? ("true" as const) : undefined,
    "aria-describedby": describedBy || undefined,
  };
  let input;
  if (schema.type === "boolean") {
    input = (
      <input
        type="checkbox"
        {...common}
        checked={Boolean(props.value)}
        onChange={(e) => props.onChange(e.currentTarget.checked)}
      />
    );
  } else if (schema.enum) {
    input = (
      <select
        {...common}
        value={String(props.value)}
        onChange={(e) => props.onChange(e.currentTarget.value)}
      >
        {schema.enum.map((option) => (
          <option value={option}>{option}</option>
        ))}
      </select>
    );
  } else if (schema.type === "array") {
    input = (
      <textarea
        {...common}
        rows={3}
        value={((props.value as string[]) ?? []).join("\n")}
        onInput={(e) =>
          props.onChange(
            e.currentTarget.value
              .split("\n")
              .map((line) => line.trim())
              .filter(Boolean),
          )
        }
      />
    );
  } else {
    const numeric = schema.type === "integer" || schema.type === "number";
    input = (
      <input
        {...common}
        type={numeric ? "number" : "text"}
        min={schema.minimum}
        max={schema.maximum}
        value={props.value === null || props.value === undefined ? "" : String(props.value)}
        placeholder={
          props.secretSet && props.value === undefined
            ? "(set, hidden: type a new one to replace it)"
            : nullable
              ? "(none)"
              : undefined
        }
        onInput={(e) => {
          const raw = e.currentTarget.value;
          props.onChange(raw === "" && nullable ? null : numeric && raw !== "" ? Number(raw) : raw);
        }}
      />
    );
  }
  return (
    <div class={`field${schema.type === "boolean" ? " check" : ""}`}>
      <label for={id}>{labelOf(props.name)}</label>
      {input}
      {schema.description && (
        <p id={`${id}-hint`} class="hint">
          {schema.description}
          {schema.type === "array" ? " (one per line)" : ""}
        </p>
      )}
      {props.secretSet && props.value === undefined && (
        <button type="button" onClick={() => props.onChange(null)}>
          Remove
        </button>
      )}
      {props.error && (
        <p id={`${id}-error`} class="error">
          {props.error}
        </p>
      )}
    </div>
  );
}

function Snippet({ label, code }: { label: string; code: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div class="snippet">
      <p>{label}</p>
      <pre>
        <code>{code}</code>
      </pre>
      <button
        type="button"
        onClick={() =>
          navigator.clipboard.writeText(code).then(() => {
            setCopied(true);
            setTimeout(() => setCopied(false), 2000);
          })
        }
      >
        {copied ? "Copied" : "Copy"}
      </button>
    </div>
  );
}

function SiteForm({
  ctx,
  site,
  onSaved,
}: {
  ctx: DeskContext;
  site: Site | null;
  onSaved: (id: string) => void;
}) {
  const [schema, setSchema] = useState<Record<string, PropertySchema> | null>(null);
  const [id, setId] = useState(site?.id ?? "");
  const [name, setName] = useState(site?.name ?? "");
  const [origins, setOrigins] = useState((site?.origins ?? []).join("\n"));
  const [settings, setSettings] = useState<Values>(site?.settings ?? {});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState("");
  const owner = ctx.me.role === "owner";

  useEffect(() => {
    void loadSettingsSchema().then((properties) => {
      setSchema(properties);
      if (!site)
        setSettings(
          Object.fromEntries(Object.entries(properties).map(([key, p]) => [key, p.default])),
        );
    });
  }, []);

  async function submit(event: Event) {
    event.preventDefault();
    setErrors({});
    setMessage("");
    const siteId = site?.id ?? id.trim();
    try {
      await putSite(siteId, {
        name,
        origins: origins
          .split("\n")
          .map((line) => line.trim())
          .filter(Boolean),
        settings,
      });
      ctx.announce("Saved.");
      setMessage("Saved.");
      onSaved(siteId);
    } catch (e) {
      const failure = e as ApiFailure;
      // "origins.0" → origins; "settings.maxLinks" → maxLinks.
      const fields: Record<string, string> = {};
      for (const [path, text] of Object.entries(failure.fields ?? {})) {
        const [head, second] = path.split(".");
        fields[head === "settings" && second ? second : head!] = text;
      }
      if (!site && failure.code === "invalid_input" && !Object.keys(fields).length)
        fields.id = failure.message;
      setErrors(fields);
      const message = Object.keys(fields).length
        ? "Please correct the fields marked below."
        : failure.message;
      setMessage(message);
      ctx.announce(message);
    }
  }

  const origin = location.origin;
  return (
    <form class="site-form" onSubmit={submit} noValidate>
      <h2>{site ? `Settings of ${site.name}` : "New site"}</h2>
      {message && (
        <p class={Object.keys(errors).length ? "error" : "ok"} role="alert">
          {message}
        </p>
      )}
      {!site && (
        <div class="field">
          <label for="site-id">Id</label>
          <input
            id="site-id"
            value={id}
            onInput={(e) => setId(e.currentTarget.value)}
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
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
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
          value={origins}
          onInput={(e) => setOrigins(e.currentTarget.value)}
          aria-describedby="site-origins-hint"
          aria-invalid={errors.origins ? "true" : undefined}
        />
        <p id="site-origins-hint" class="hint">
          Where the comments are embedded, one per line, such as https://blog.example
        </p>
        {errors.origins && <p class="error">{errors.origins}</p>}
      </div>
      {schema ? (
        <fieldset>
          <legend>Settings</legend>
          {Object.entries(schema).map(([key, property]) => (
            <SettingField
              name={key}
              property={property}
              // A secret the server holds is left out of the PUT unless changed, so it is kept.
              secretSet={(site?.secrets as Record<string, boolean> | undefined)?.[key]}
              value={
                (site?.secrets as Record<string, boolean> | undefined)?.[key]
                  ? settings[key]
                  : (settings[key] ?? property.default)
              }
              error={errors[key]}
              onChange={(value) => setSettings((all) => ({ ...all, [key]: value }))}
            />
          ))}
        </fieldset>
      ) : (
        <p class="loading">Loading the settings…</p>
      )}
      {owner && (
        <button type="submit" class="primary">
          {site ? "Save" : "Create site"}
        </button>
      )}
      {site && (
        <>
          <Snippet
            label="Paste this where the comments should appear:"
            code={`<div id="parley-comments"></div>\n<script src="${origin}/embed.js" data-site="${site.id}" async></script>`}
          />
          <Snippet
            label="Comment counts on article lists: links ending in #comments (or elements with data-parley-count) get “3 comments”:"
            code={`<a href="/my-post/#comments">Comments</a>\n<script src="${origin}/count.js" data-site="${site.id}" async></script>`}
          />
        </>
      )}
    </form>
  );
}

export function Sites({ ctx }: { ctx: DeskContext }) {
  const [editing, setEditing] = useState<string | "new" | null>(
    ctx.sites[0]?.id ?? (ctx.me.role === "owner" ? "new" : null),
  );
  const site = ctx.sites.find((s) => s.id === editing) ?? null;
  return (
    <main class="sites">
      <nav class="site-list" aria-label="Sites">
        {ctx.sites.map((s) => (
          <button
            type="button"
            class="tab"
            aria-current={editing === s.id ? "page" : undefined}
            onClick={() => setEditing(s.id)}
          >
            {s.name}
          </button>
        ))}
        {ctx.me.role === "owner" && (
          <button
            type="button"
            class="tab"
            aria-current={editing === "new" ? "page" : undefined}
            onClick={() => setEditing("new")}
          >
            New site
          </button>
        )}
      </nav>
      {editing && (
        <SiteForm
          key={editing}
          ctx={ctx}
          site={site}
          onSaved={(id) => void ctx.reloadSites().then(() => setEditing(id))}
        />
      )}
    </main>
  );
}
