import { useEffect, useState } from "preact/hooks";
import { deleteComment } from "../api";
import { fill } from "../i18n";
import type { OwnActionsProps } from "../components/thread-context";
import { explain } from "../interactive/errors";
import { deleted } from "./own-comments";

/** Seconds until `until`, ticking once a second while there are any left. */
function useSecondsLeft(until: string): number {
  const read = () => Math.max(0, Math.round((Date.parse(until) - Date.now()) / 1000));
  const [left, setLeft] = useState(read);
  useEffect(() => {
    const timer = setInterval(() => {
      setLeft(read());
      if (!read()) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [until]);
  return left;
}

const clock = (seconds: number) =>
  `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;

/** Edit and Delete on one's own comment, with a countdown, while the server allows them. */
export function OwnActions({ ctx, comment, own, onEdit }: OwnActionsProps) {
  const { s } = ctx;
  const left = useSecondsLeft(own.until);
  const [busy, setBusy] = useState(false);
  if (!left) return null;

  async function remove() {
    if (!confirm(s.confirmDelete)) return;
    setBusy(true);
    try {
      await deleteComment(ctx.options, comment.id, own.token);
      deleted(ctx, comment.id);
    } catch (error) {
      ctx.announce(
        explain(error, s, ctx.options.lang, {
          body: "",
          email: "",
          maxLength: ctx.config.maxLength,
        }).message,
      );
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" class="link" onClick={onEdit}>
        {s.edit}
      </button>
      <button type="button" class="link" disabled={busy} onClick={remove}>
        {s.delete}
      </button>
      <span class="muted">{fill(s.editable, { time: clock(left) })}</span>
    </>
  );
}
