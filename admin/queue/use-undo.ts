/** The last decision, and putting back the statuses it changed. */
import { useState } from "preact/hooks";
import { bulk, type Status } from "../api";

export interface Undo {
  label: string;
  /** The statuses the comments had before, to put back. */
  before: { id: string; status: Status }[];
}

export function useUndo(announce: (message: string) => void, reload: () => Promise<void>) {
  const [last, setLast] = useState<Undo | null>(null);

  async function undo() {
    if (!last) return;
    const byStatus = new Map<Status, string[]>();
    for (const { id, status } of last.before)
      byStatus.set(status, [...(byStatus.get(status) ?? []), id]);
    for (const [status, ids] of byStatus) await bulk(ids, status);
    setLast(null);
    announce("Undone.");
    await reload();
  }

  return { last, record: setLast, undo, dismiss: () => setLast(null) };
}

export type UndoState = ReturnType<typeof useUndo>;
