import type { WithContext } from "../components/thread-context";
import type { Submission } from "./use-submission";

interface Props extends WithContext {
  submission: Submission;
  /** Sends the form again (its "Try again"). */
  retry: () => void;
}

/**
 * A refusal no field is to blame for (with "Try again" where sending the same again may
 * work), the note to check one's mail, and the button, which says "Posting…" while busy.
 */
export function SubmitRow({ ctx: { s }, submission, retry }: Props) {
  const { told, busy } = submission;
  return (
    <>
      {told?.message && !told.verify && (
        <p class="error form-error" role="alert">
          {told.message}
          {told.retry && " "}
          {told.retry && (
            <button type="button" class="link" onClick={retry}>
              {s.retry}
            </button>
          )}
        </p>
      )}
      {submission.confirmMail && <p class="note">{s.confirmMail}</p>}
      <p class="submit">
        <button type="submit" class="primary" disabled={busy}>
          {busy ? s.posting : s.post}
        </button>
      </p>
    </>
  );
}
