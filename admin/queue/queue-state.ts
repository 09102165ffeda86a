/**
 * The queue's state and the one reducer that changes it. The keyboard (use-queue-keys.ts)
 * and the buttons dispatch the same actions, and what a decision does to the list is
 * written once, here.
 */
import { useReducer, useRef } from "preact/hooks";
import type { ModComment, Tab } from "../api";

export interface QueueState {
  tab: Tab;
  /** The search sent (not the text still being typed); "" for none. */
  search: string;
  /** null until the first page arrives. */
  comments: ModComment[] | null;
  cursor: string | null;
  /** The index of the card the keys act on. */
  current: number;
  selected: Set<string>;
  /** The id of the comment being edited in place. */
  editing: string | null;
  /** Whether the list of keys is shown. */
  help: boolean;
}

export type QueueAction =
  | { type: "show"; tab: Tab }
  | { type: "search"; search: string }
  | { type: "loaded"; comments: ModComment[]; cursor: string | null; more: boolean }
  /** Comments acted on: changed (`change`), or gone (null). */
  | { type: "settled"; ids: string[]; change: Partial<ModComment> | null }
  | { type: "move"; to: number }
  | { type: "toggle"; id: string }
  | { type: "edit"; id: string | null }
  /** Shows or hides the keys; toggles them without `shown`. */
  | { type: "help"; shown?: boolean };

const initial: QueueState = {
  tab: "pending",
  search: "",
  comments: null,
  cursor: null,
  current: 0,
  selected: new Set(),
  editing: null,
  help: false,
};

/** The state with `change`, or the very same state when nothing changes: nothing to draw. */
function patch(state: QueueState, change: Partial<QueueState>): QueueState {
  const same = Object.entries(change).every(
    ([key, value]) => state[key as keyof QueueState] === value,
  );
  return same ? state : { ...state, ...change };
}

export function queueReducer(state: QueueState, action: QueueAction): QueueState {
  switch (action.type) {
    case "show":
      return patch(state, { tab: action.tab });
    case "search":
      return patch(state, { search: action.search });
    case "loaded":
      return action.more
        ? {
            ...state,
            comments: [...(state.comments ?? []), ...action.comments],
            cursor: action.cursor,
          }
        : {
            ...state,
            comments: action.comments,
            cursor: action.cursor,
            current: 0,
            selected: new Set(),
          };
    case "settled": {
      // A comment acted on stays only if it still belongs in the tab, and keeps its place.
      // In the reported tab a decision settles the reports: the comment leaves it too.
      const comments = (state.comments ?? []).flatMap((comment) => {
        if (!action.ids.includes(comment.id)) return [comment];
        const changed = action.change && { ...comment, ...action.change };
        return changed && changed.status === state.tab ? [changed] : [];
      });
      return { ...state, comments, selected: new Set() };
    }
    case "move": {
      const last = (state.comments?.length ?? 0) - 1;
      return patch(state, { current: Math.max(0, Math.min(action.to, last)) });
    }
    case "toggle": {
      const selected = new Set(state.selected);
      if (!selected.delete(action.id)) selected.add(action.id);
      return { ...state, selected };
    }
    case "edit":
      return patch(state, { editing: action.id });
    case "help":
      return patch(state, { help: action.shown ?? !state.help });
  }
}

/**
 * The reducer's state, and `latest()` to read it at any moment: keys pressed in quick
 * succession, and a decision answered after more keys, must each see what the action before
 * left, though Preact may not have drawn it yet. One ref holds the state; nothing mirrors it.
 */
export function useQueueState() {
  const state = useRef(initial);
  const [, draw] = useReducer((drawn: number) => drawn + 1, 0);
  const dispatch = (action: QueueAction) => {
    const next = queueReducer(state.current, action);
    if (next === state.current) return;
    state.current = next;
    draw(0);
  };
  return { state: state.current, dispatch, latest: () => state.current };
}
