/** The last decision, with its undo, until the next one or a dismissal. */
import type { UndoState } from "./use-undo";

export function UndoBar({ undo }: { undo: UndoState }) {
  if (!undo.last) return null;
  return (
    <div class="undo" role="region" aria-label="Last action">
      <span>{undo.last.label}</span>
      <button type="button" onClick={() => void undo.undo()}>
        Undo
      </button>
      <button type="button" class="link" aria-label="Dismiss" onClick={undo.dismiss}>
        ×
      </button>
    </div>
  );
}
