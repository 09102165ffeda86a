/**
 * One setting, drawn from its JSON Schema: a checkbox, a choice, a list (one per line), or a
 * text or number field; with its description, the API's error, and, for a secret the server
 * holds, a way to remove it.
 */
import type { PropertySchema } from "../api";
import { linesOf } from "./lines";

/** The non-null branch of a nullable property, and whether null is allowed. */
function unwrap(schema: PropertySchema): { schema: PropertySchema; nullable: boolean } {
  const branch = schema.anyOf?.find((s) => s.type !== "null");
  return branch
    ? { schema: { ...schema, ...branch }, nullable: true }
    : { schema, nullable: false };
}

/** 32 random bytes as base64url: an SSO secret made in the browser, never sent anywhere but the PUT. */
function newSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

/** camelCase → "Camel case". */
const labelOf = (name: string) =>
  name
    .replace(/([A-Z])/g, " $1")
    .replace(/^./, (c) => c.toUpperCase())
    .replace(/ ([A-Z])/g, (m) => m.toLowerCase());

interface Props {
  name: string;
  property: PropertySchema;
  value: unknown;
  error?: string;
  /** A secret setting with a value on the server, which no answer shows. */
  secretSet?: boolean;
  onChange: (value: unknown) => void;
}

interface InputProps extends Props {
  schema: PropertySchema;
  nullable: boolean;
  common: { id: string; "aria-invalid"?: "true"; "aria-describedby"?: string };
}

function TextInput(props: InputProps) {
  const { schema, nullable } = props;
  const numeric = schema.type === "integer" || schema.type === "number";
  return (
    <input
      {...props.common}
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

function SettingInput(props: InputProps) {
  const { schema, common, onChange } = props;
  if (schema.type === "boolean")
    return (
      <input
        type="checkbox"
        {...common}
        checked={Boolean(props.value)}
        onChange={(e) => onChange(e.currentTarget.checked)}
      />
    );
  if (schema.enum)
    return (
      <select
        {...common}
        value={String(props.value)}
        onChange={(e) => onChange(e.currentTarget.value)}
      >
        {schema.enum.map((option) => (
          <option value={option}>{option}</option>
        ))}
      </select>
    );
  if (schema.type === "array")
    return (
      <textarea
        {...common}
        rows={3}
        value={((props.value as string[]) ?? []).join("\n")}
        onInput={(e) => onChange(linesOf(e.currentTarget.value))}
      />
    );
  return <TextInput {...props} />;
}

/**
 * A list whose items are a fixed set (the page reactions): a checkbox each, in the set's
 * order, so the owner picks from what exists instead of typing names.
 */
function ChoicesField(props: Props & { schema: PropertySchema; options: string[] }) {
  const id = `setting-${props.name}`;
  const chosen = new Set((props.value as string[] | undefined) ?? []);
  const toggle = (option: string, on: boolean) =>
    props.onChange(props.options.filter((o) => (o === option ? on : chosen.has(o))));
  return (
    <fieldset
      class="field choices"
      aria-invalid={props.error ? "true" : undefined}
      aria-describedby={props.error ? `${id}-error` : undefined}
    >
      <legend>{labelOf(props.name)}</legend>
      {props.schema.description && <p class="hint">{props.schema.description}</p>}
      {props.options.map((option) => (
        <label class="check">
          <input
            type="checkbox"
            checked={chosen.has(option)}
            onChange={(e) => toggle(option, e.currentTarget.checked)}
          />
          {option}
        </label>
      ))}
      {props.error && (
        <p id={`${id}-error`} class="error">
          {props.error}
        </p>
      )}
    </fieldset>
  );
}

export function SettingField(props: Props) {
  const { schema, nullable } = unwrap(props.property);
  const options = schema.type === "array" ? schema.items?.enum : undefined;
  if (options) return <ChoicesField {...props} schema={schema} options={options} />;
  const id = `setting-${props.name}`;
  const describedBy = [schema.description && `${id}-hint`, props.error && `${id}-error`]
    .filter(Boolean)
    .join(" ");
  const common = {
    id,
    "aria-invalid": props.error ? ("true" as const) : undefined,
    "aria-describedby": describedBy || undefined,
  };
  return (
    <div class={`field${schema.type === "boolean" ? " check" : ""}`}>
      <label for={id}>{labelOf(props.name)}</label>
      <SettingInput {...props} schema={schema} nullable={nullable} common={common} />
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
      {props.name === "ssoSecret" && (
        // Shown in the field until saved, to copy into the site's server; never again after.
        <button type="button" onClick={() => props.onChange(newSecret())}>
          Generate
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
