/**
 * The queue's commands, the same for the keyboard and the buttons: load a page, decide on
 * comments (decisions.ts), move to a card; and what the tabs count.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { listQueue, queueCounts } from "../api";
import type { DeskContext } from "../desk-context";
import { decisionsOf } from "./decisions";
import { useQueueState, type QueueAction } from "./queue-state";
import { useUndo } from "./use-undo";

/** What a card may do to the queue: the commands its buttons share with the keys. */
export type QueueCommands = ReturnType<typeof decisionsOf> & {
  dispatch: (action: QueueAction) => void;
};

export function useQueue({ site, announce }: DeskContext) {
  const { state, dispatch, latest } = useQueueState();
  const [counts, setCounts] = useState<Record<string, number>>({});
  const [error, setError] = useState("");
  const listRef = useRef<HTMLOListElement>(null);
  const loads = useRef(0);
  // Bumped by every decision, edit, delete and undo: the counts change only then (or when
  // the site does), not when a tab, a search or "load more" changes the list.
  const [decided, setDecided] = useState(0);
  const undo = useUndo(announce, () => {
    setDecided((n) => n + 1);
    return load();
  });

  async function load(more = false) {
    setError("");
    // Only the newest request's answer is shown: switching tabs and searching in quick
    // succession must not let an older, slower answer replace a newer one.
    const asked = ++loads.current;
    const { tab, search, cursor } = latest();
    const page = await listQueue(site, tab, search, more ? cursor : null);
    if (asked !== loads.current) return;
    dispatch({ type: "loaded", comments: page.comments, cursor: page.nextCursor, more });
  }
  useEffect(() => {
    void load().catch((e: Error) => setError(e.message));
  }, [state.tab, state.search]);
  useEffect(
    () => void queueCounts(site).then((answer) => setCounts(answer.counts)),
    [site, decided],
  );

  /** Moves to the card at `index` (kept within the list) and focuses it. */
  function focusCard(index: number) {
    dispatch({ type: "move", to: index });
    listRef.current?.querySelectorAll<HTMLElement>("article.card")[latest().current]?.focus();
  }

  const commands: QueueCommands = {
    dispatch,
    ...decisionsOf({
      dispatch: (action) => {
        dispatch(action);
        if (action.type === "settled") setDecided((n) => n + 1);
      },
      latest,
      announce,
      record: undo.record,
      focusNext: () => setTimeout(() => focusCard(latest().current)),
    }),
  };
  return { state, latest, counts, error, listRef, undo, load, focusCard, commands };
}

export type QueueHandle = ReturnType<typeof useQueue>;
