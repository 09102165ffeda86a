import { useEffect, useState } from "preact/hooks";
import { listComments } from "../api";
import type { WithContext } from "../components/thread-context";

/** Whether a link opened the list at a later page than the first (set by links.ts). */
let jumped = false;
const listeners = new Set<() => void>();

export function setJumped(value: boolean): void {
  jumped = value;
  for (const listener of listeners) listener();
}

/** Shown when a link opened the list at a later page: back to the first one. */
export function FromStart({ ctx }: WithContext) {
  const [, redraw] = useState(0);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const listener = () => redraw((n) => n + 1);
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }, []);
  if (!jumped) return null;

  async function load() {
    setBusy(true);
    const { options } = ctx;
    try {
      const page = await listComments(options, options.site, options.page.key, options.sort);
      ctx.setComments(page.comments);
      ctx.setCursor(page.nextCursor);
      setJumped(false);
    } catch {
      ctx.announce(ctx.s.loadError);
    }
    setBusy(false);
  }
  return (
    <button type="button" class="link" disabled={busy} onClick={load}>
      {ctx.s.fromStart}
    </button>
  );
}
