import type { ComponentChildren, JSX } from "preact";

type FieldProps = {
  id: string;
  name: string;
  label: string;
  error?: string | undefined;
  multiline?: boolean;
  rows?: number;
  /** On the label's line, at its end (the Write / Preview switch). */
  aside?: ComponentChildren;
  /** Between the label and the input (the preview, shown while the input is hidden). */
  children?: ComponentChildren;
} & Omit<JSX.InputHTMLAttributes<HTMLInputElement>, "label" | "children">;

/** A labelled input whose error, when there is one, is tied to it with aria-describedby. */
export function Field({
  id,
  name,
  label,
  error,
  multiline,
  required,
  aside,
  children,
  ...input
}: FieldProps) {
  const inputId = `${id}-${name}`;
  const errorId = `${inputId}-error`;
  // One element type for both, as far as the checker is concerned: they take the same props here.
  const Tag = (multiline ? "textarea" : "input") as "input";
  return (
    <div class={`field field-${name}`}>
      {aside}
      <label for={inputId}>
        {label}
        {required && <span aria-hidden="true"> *</span>}
      </label>
      {children}
      <Tag
        {...input}
        id={inputId}
        name={name}
        required={required}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={error ? errorId : undefined}
      />
      {error && (
        <span class="error" id={errorId}>
          {error}
        </span>
      )}
    </div>
  );
}
