import { useEffect, useRef, useState } from "preact/hooks";
import { postComment, type ApiError, type NewComment } from "../api";
import { fill, type Strings } from "../i18n";
import { posted } from "./own-comments";
import type { WithContext } from "../components/thread-context";
import { useFormId } from "./shim";
import { saveAuthor } from "./storage";
import {
  FIELDS,
  fieldErrorsFromServer,
  newIdempotencyKey,
  normalizeWebsite,
  validateComment,
  type FieldErrors,
} from "./validate";
import { Field } from "./field";
import { useTurnstile } from "./turnstile";

export function describeError(error: unknown, s: Strings): string {
  const code = (error as ApiError).code;
  if (code === "rate_limited") return s.rateLimited;
  if (code === "duplicate") return s.duplicate;
  if (code === "thread_closed") return s.closed;
  return s.failed;
}

interface Props extends WithContext {
  parentId?: string;
  replyTo?: string;
  /** Reply forms close after posting (true) or on cancel (false). */
  onClose?: (posted: boolean) => void;
}

/** The WordPress-familiar "Leave a Reply" form, used for the thread and for inline replies. */
export function CommentForm({ ctx: thread, parentId, replyTo, onClose }: Props) {
  const { s, author, setAuthor, config, options } = thread;
  const id = useFormId();
  const [body, setBody] = useState("");
  const [honeypot, setHoneypot] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState("");
  const [verifyError, setVerifyError] = useState("");
  const turnstile = useTurnstile(thread, id);
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);
  const attempt = useRef<{ signature: string; key: string } | null>(null);
  const formRef = useRef<HTMLFormElement>(null);

  const focusField = (name: string) =>
    formRef.current?.querySelector<HTMLElement>(`[name="${name}"]`)?.focus();
  useEffect(() => {
    if (parentId) focusField("body");
  }, []);

  async function submit(event: Event) {
    event.preventDefault();
    if (busyRef.current) return;
    const found = validateComment({ body, ...author }, config, s);
    setErrors(found);
    setFormError("");
    setVerifyError("");
    const firstInvalid = FIELDS.find((field) => found[field]);
    if (firstInvalid) return focusField(firstInvalid);
    if (turnstile.enabled && !turnstile.token) {
      setVerifyError(s.verify);
      return thread.announce(s.verify);
    }

    const website = normalizeWebsite(author.website);
    const input: NewComment = {
      site: options.site,
      page: options.page,
      ...(parentId ? { parentId } : {}),
      author: {
        name: author.name.trim(),
        email: author.email.trim(),
        ...(website ? { website } : {}),
      },
      body,
      ...(config.formToken ? { formToken: config.formToken } : {}),
      ...(honeypot ? { honeypot } : {}),
    };
    // A retry of the same submission reuses its key, so the server answers it once (the
    // Turnstile token, new for every try, is not part of what makes it the same).
    const signature = JSON.stringify(input);
    if (attempt.current?.signature !== signature) {
      attempt.current = { signature, key: newIdempotencyKey() };
    }
    if (turnstile.token) input.turnstileToken = turnstile.token;
    busyRef.current = true;
    setBusy(true);
    thread.announce(s.posting);
    try {
      const result = await postComment(options.origin, input, attempt.current.key);
      attempt.current = null;
      saveAuthor(thread.remember ? { ...author, website } : null);
      setBody("");
      posted(thread, result, body);
      onClose?.(true);
    } catch (error) {
      const serverFields = (error as ApiError).fields ?? {};
      if (serverFields.turnstileToken) setVerifyError(s.verify);
      const fields = fieldErrorsFromServer(serverFields);
      const firstField = FIELDS.find((field) => fields[field]);
      const message = firstField
        ? fields[firstField]!
        : serverFields.turnstileToken
          ? s.verify
          : describeError(error, s);
      setErrors(fields);
      if (!firstField && !serverFields.turnstileToken) setFormError(message);
      thread.announce(message);
      if (firstField) focusField(firstField);
    } finally {
      turnstile.reset();
      busyRef.current = false;
      setBusy(false);
    }
  }

  const bind = (name: "name" | "email" | "website") => ({
    value: author[name],
    onInput: (e: Event) =>
      setAuthor({ ...author, [name]: (e.currentTarget as HTMLInputElement).value }),
  });

  return (
    <form
      class="form"
      ref={formRef}
      onSubmit={submit}
      onFocusIn={turnstile.start}
      noValidate
      aria-labelledby={`${id}-title`}
    >
      <h3 class="form-title" id={`${id}-title`}>
        {replyTo ? fill(s.replyTo, { name: replyTo }) : s.leaveReply}
      </h3>
      {onClose && (
        <button type="button" class="link" onClick={() => onClose(false)}>
          {s.cancelReply}
        </button>
      )}
      <p class="note">{s.notice}</p>
      <Field
        id={id}
        name="body"
        label={s.comment}
        multiline
        required
        rows={6}
        value={body}
        error={errors.body}
        onInput={(e) => setBody(e.currentTarget.value)}
      />
      <Field
        id={id}
        name="name"
        label={s.name}
        required={config.requireName}
        autoComplete="name"
        maxLength={100}
        error={errors.name}
        {...bind("name")}
      />
      <Field
        id={id}
        name="email"
        type="email"
        label={s.email}
        required={config.requireEmail}
        autoComplete="email"
        maxLength={254}
        error={errors.email}
        {...bind("email")}
      />
      <Field
        id={id}
        name="website"
        type="url"
        label={s.website}
        autoComplete="url"
        maxLength={2000}
        error={errors.website}
        {...bind("website")}
      />
      {/* The honeypot: invisible and unreachable for people, tempting for form-filling bots. */}
      <div class="hp" aria-hidden="true">
        <label>
          Homepage
          <input
            name="parley-homepage"
            tabIndex={-1}
            autoComplete="off"
            value={honeypot}
            onInput={(e) => setHoneypot(e.currentTarget.value)}
          />
        </label>
      </div>
      <p class="check">
        <input
          type="checkbox"
          id={`${id}-remember`}
          checked={thread.remember}
          onChange={(e) => {
            thread.setRemember(e.currentTarget.checked);
            if (!e.currentTarget.checked) saveAuthor(null);
          }}
        />
        <label for={`${id}-remember`}>{s.remember}</label>
      </p>
      {turnstile.enabled && (
        <div class="verify">
          <slot name={turnstile.slotName} />
          {verifyError && (
            <p class="error" role="alert">
              {verifyError}
            </p>
          )}
        </div>
      )}
      {formError && <p class="error form-error">{formError}</p>}
      <p class="submit">
        <button type="submit" class="primary" disabled={busy}>
          {busy ? s.posting : s.post}
        </button>
      </p>
    </form>
  );
}
