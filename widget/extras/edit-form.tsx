import { useRef, useState } from "preact/hooks";
import { editComment } from "../api";
import type { EditFormProps, ThreadContextValue } from "../components/thread-context";
import { explain } from "../interactive/errors";
import { Field } from "../interactive/field";
import { useFormId } from "../interactive/form-id";
import { validateComment } from "../interactive/validate";
import { edited } from "./own-comments";

/** What is wrong with the new text, if anything: only the comment itself is edited. */
const checkBody = ({ config, s }: ThreadContextValue, body: string) =>
  validateComment(
    { body, name: "", email: "", website: "" },
    { ...config, requireName: false, requireEmail: false },
    s,
  ).body;

/** Edits one's own comment with the edit token, while the server's window lasts. */
export function EditForm({ ctx: thread, comment, own, onClose }: EditFormProps) {
  const { s } = thread;
  const id = useFormId();
  const [body, setBody] = useState(own.body);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  /** Closes the editor and gives focus back to its comment. */
  const close = () => {
    const article = formRef.current?.closest("article");
    onClose();
    setTimeout(() => article?.focus());
  };

  async function submit(event: Event) {
    event.preventDefault();
    const wrong = checkBody(thread, body);
    if (wrong) return setError(wrong);
    setBusy(true);
    try {
      const result = await editComment(thread.options, comment.id, own.token, body);
      edited(thread, result.comment, body);
      close();
    } catch (failure) {
      const told = explain(failure, s, thread.options.lang, { body, email: "", ...thread.config });
      setError(told.fields.body ?? told.message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="form edit" ref={formRef} onSubmit={submit} noValidate>
      <Field
        id={id}
        name="body"
        label={s.comment}
        multiline
        required
        rows={4}
        value={body}
        error={error}
        onInput={(e) => setBody(e.currentTarget.value)}
        // Opening the editor is an explicit request to type, so focus follows.
        autoFocus
      />
      <p class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {s.save}
        </button>
        <button type="button" class="link" onClick={close}>
          {s.cancel}
        </button>
      </p>
    </form>
  );
}
