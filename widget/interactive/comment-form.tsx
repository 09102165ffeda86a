import { useEffect, useRef, useState } from "preact/hooks";
import type { WithContext } from "../components/thread-context";
import { fill } from "../i18n";
import type { Explained } from "./errors";
import { Field } from "./field";
import type { Attempt } from "./send";
import { useFormId } from "./form-id";
import { loadAuthor, saveAuthor } from "./storage";

interface Props extends WithContext {
  parentId?: string;
  replyTo?: string;
  /** Reply forms close after posting (true) or on cancel (false). */
  onClose?: (posted: boolean) => void;
}

/** Set once the remembered author has been put into the shared fields. */
let authorRestored = false;

/** Sending and previewing, fetched on the first focus of any form (see send.ts). */
const sending = () => import("./send");

const fieldNames = ["body", "name", "email", "website"] as const;

/** The WordPress-familiar "Leave a Reply" form, used for the thread and for inline replies. */
export function CommentForm({ ctx: thread, parentId, replyTo, onClose }: Props) {
  const { s, author, setAuthor, config, extras } = thread;
  const id = useFormId();
  const [body, setBody] = useState("");
  const [honeypot, setHoneypot] = useState("");
  const [told, setTold] = useState<Explained | null>(null);
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<string | null>(null);
  const [token, setToken] = useState<string | null>(null);
  const [resets, setResets] = useState(0);
  const [notify, setNotify] = useState<"replies" | "all" | null>(null);
  /** After a post that asked for mail the first time: check the inbox. */
  const [confirmMail, setConfirmMail] = useState(false);
  const attempt = useRef<Attempt | null>(null);
  const formRef = useRef<HTMLFormElement>(null);

  const focusField = (name: string) =>
    formRef.current?.querySelector<HTMLElement>(`[name="${name}"]`)?.focus();
  // While the first form is drawn (the thread draws again at once, before the browser takes
  // the reader's next key or click), not in an effect: an effect runs a frame later, when the
  // reader may already have typed into these fields, and would overwrite what they typed.
  const saved = authorRestored ? null : loadAuthor();
  authorRestored = true;
  if (saved) {
    setAuthor(saved);
    thread.setRemember(true);
  }
  useEffect(() => {
    if (parentId) focusField("body");
  }, []);

  async function showPreview() {
    setPreview("");
    const answer = await (await sending()).preview(thread, body);
    if (typeof answer === "string") setPreview(answer);
    else {
      setPreview(null);
      setTold(answer);
    }
  }

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setTold(null);
    setConfirmMail(false);
    thread.announce(s.posting);
    const outcome = await sending().then(
      (code) =>
        code.send(thread, { body, honeypot, parentId, turnstileToken: token, notify }, attempt),
      // Its code could not be fetched: the server was out of reach, as far as the reader can
      // tell. The text stays, the button works again, and "Try again" fetches it once more.
      (): Explained => ({ fields: {}, message: s.offline, retry: true, verify: false }),
    );
    setBusy(false);
    setTold("sent" in outcome ? null : outcome);
    if (token) {
      // Tokens are single-use: whatever the answer, the challenge runs again.
      setToken(null);
      setResets((n) => n + 1);
    }
    if ("sent" in outcome) {
      setBody("");
      setPreview(null);
      setConfirmMail(outcome.subscription === "awaiting-confirmation");
      return onClose?.(true);
    }
    const firstField = fieldNames.find((field) => outcome.fields[field]);
    thread.announce(firstField ? outcome.fields[firstField]! : outcome.message);
    if (firstField) {
      setPreview(null);
      focusField(firstField);
    }
  }

  const errors = told?.fields ?? {};
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
      onFocusIn={() => void sending()}
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
        hidden={preview !== null}
        value={body}
        error={errors.body}
        onInput={(e) => setBody(e.currentTarget.value)}
        aside={
          <span class="tabs">
            <button
              type="button"
              class="link"
              aria-pressed={preview === null}
              onClick={() => setPreview(null)}
            >
              {s.write}
            </button>
            <button
              type="button"
              class="link"
              aria-pressed={preview !== null}
              onClick={showPreview}
            >
              {s.preview}
            </button>
          </span>
        }
      >
        {preview !== null && (
          // Server-rendered and sanitised, exactly as the comment would be (POST /api/preview).
          <div
            class="body preview"
            aria-live="polite"
            dangerouslySetInnerHTML={{ __html: preview }}
          />
        )}
      </Field>
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
        required={config.requireEmail || notify !== null}
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
      {config.notifications && extras && (
        <extras.Notify ctx={thread} formId={id} value={notify} onChange={setNotify} />
      )}
      {config.turnstileSiteKey && (
        <div class="verify">
          {extras && (
            <extras.Turnstile ctx={thread} formId={id} onToken={setToken} reset={resets} />
          )}
          {told?.verify && (
            <p class="error" role="alert">
              {told.message}
            </p>
          )}
        </div>
      )}
      {told?.message && !told.verify && (
        <p class="error form-error" role="alert">
          {told.message}
          {told.retry && " "}
          {told.retry && (
            <button type="button" class="link" onClick={() => formRef.current?.requestSubmit()}>
              {s.retry}
            </button>
          )}
        </p>
      )}
      {confirmMail && <p class="note">{s.confirmMail}</p>}
      <p class="submit">
        <button type="submit" class="primary" disabled={busy}>
          {busy ? s.posting : s.post}
        </button>
      </p>
    </form>
  );
}
