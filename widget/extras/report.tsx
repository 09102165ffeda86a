/**
 * "Report" under an approved comment, on sites that take reports: a reason (spam, abuse,
 * off-topic, something else) and optional details, sent once. Enough reports from different
 * networks send the comment back to review; the reader is only thanked.
 */
import { useState } from "preact/hooks";
import { reportComment, type Comment } from "../api";
import type { OnComment, ThreadContextValue } from "../components/thread-context";
import type { Strings } from "../i18n";
import { explain } from "../interactive/errors";

const reasons = ["spam", "abuse", "off-topic", "other"] as const;
type Reason = (typeof reasons)[number];

/** Sends the report: null once the server has it, else what to tell the reader. */
async function sendReport(
  ctx: ThreadContextValue,
  comment: Comment,
  reason: Reason,
  text: string,
): Promise<string | null> {
  const { s } = ctx;
  try {
    await reportComment(ctx.options, comment.id, {
      reason,
      ...(text.trim() ? { text } : {}),
    });
    ctx.announce(s.reportThanks);
    return null;
  } catch (failure) {
    return explain(failure, s, ctx.options.lang, { body: "", email: "", maxLength: 500 }).message;
  }
}

interface ReasonsProps {
  s: Strings;
  name: string;
  value: Reason;
  onChange: (reason: Reason) => void;
}

/** "What is wrong with this comment?", and the reasons to choose from. */
function Reasons({ s, name, value, onChange }: ReasonsProps) {
  return (
    <fieldset>
      <legend>{s.reportWhy}</legend>
      {reasons.map((reason) => (
        <label class="check">
          <input
            type="radio"
            name={name}
            checked={value === reason}
            onChange={() => onChange(reason)}
          />
          {s.reportReasons[reason]}
        </label>
      ))}
    </fieldset>
  );
}

export function Report({ ctx, comment }: OnComment) {
  const { s } = ctx;
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState<Reason>("spam");
  const [text, setText] = useState("");
  const [done, setDone] = useState(false);
  const [error, setError] = useState("");
  if (!ctx.config.reports || comment.deleted || comment.status === "pending") return null;
  if (done) {
    return (
      <span class="note" role="status">
        {s.reportThanks}
      </span>
    );
  }
  if (!open) {
    return (
      <button type="button" class="link" onClick={() => setOpen(true)}>
        {s.report}
      </button>
    );
  }
  const id = `report-${comment.id}`;
  async function send(event: Event) {
    event.preventDefault();
    const refusal = await sendReport(ctx, comment, reason, text);
    if (refusal === null) setDone(true);
    else setError(refusal);
  }
  return (
    <form class="report" onSubmit={send}>
      <Reasons s={s} name={id} value={reason} onChange={setReason} />
      <label for={`${id}-text`}>{s.reportDetails}</label>
      <textarea
        id={`${id}-text`}
        rows={2}
        maxLength={500}
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
      />
      <p>
        <button type="submit">{s.reportSend}</button>{" "}
        <button type="button" class="link" onClick={() => setOpen(false)}>
          {s.cancel}
        </button>
      </p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
