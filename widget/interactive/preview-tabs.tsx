import type { WithContext } from "../components/thread-context";
import { Field } from "./field";
import { sending, type Submission } from "./use-submission";

interface Props extends WithContext {
  formId: string;
  body: string;
  setBody: (body: string) => void;
  /** The rendered draft while Preview is chosen ("" until it comes), null on Write. */
  preview: string | null;
  setPreview: (preview: string | null) => void;
  /** Whose refusals show on the comment box, and where one of the preview goes. */
  submission: Submission;
}

/** The comment box, with Write / Preview on its label's line: the preview takes its place. */
export function PreviewTabs({
  ctx,
  formId,
  body,
  setBody,
  preview,
  setPreview,
  submission,
}: Props) {
  const { s } = ctx;

  async function showPreview() {
    setPreview("");
    const answer = await (await sending()).preview(ctx, body);
    if (typeof answer === "string") setPreview(answer);
    else {
      setPreview(null);
      submission.setTold(answer);
    }
  }

  return (
    <Field
      id={formId}
      name="body"
      label={s.comment}
      multiline
      required
      rows={6}
      hidden={preview !== null}
      value={body}
      error={submission.told?.fields.body}
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
          <button type="button" class="link" aria-pressed={preview !== null} onClick={showPreview}>
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
  );
}
