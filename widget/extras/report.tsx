/**
 * "Report" under an approved comment, on sites that take reports: a reason (spam, abuse,
 * off-topic, something else) and optional details, sent once. Enough reports from different
 * networks send the comment back to review; the reader is only thanked.
 */
import { useState } from "preact/hooks";
import { reportComment } from "../api";
import type { OnComment } from "../components/thread-context";
import { explain } from "../interactive/errors";

const reasons = ["spam", "abuse", "off-topic", "other"] as const;

export function Report({ ctx, comment }: OnComment) {
  const { s } = ctx;
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState<(typeof reasons)[number]>("spam");
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
    try {
      await reportComment(ctx.options.origin, comment.id, {
        reason,
        ...(text.trim() ? { text } : {}),
      });
      setDone(true);
      ctx.announce(s.reportThanks);
    } catch (failure) {
      setError(
        explain(failure, s, ctx.options.lang, { body: "", email: "", maxLength: 500 }).message,
      );
    }
  }
  return (
    <form class="report" onSubmit={send}>
      <fieldset>
        <legend>{s.reportWhy}</legend>
        {reasons.map((value) => (
          <label class="check">
            <input
              type="radio"
              name={id}
              checked={reason === value}
              onChange={() => setReason(value)}
            />
            {s.reportReasons[value]}
          </label>
        ))}
      </fieldset>
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
