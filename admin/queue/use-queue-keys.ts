/**
 * The queue worked from the keyboard, the way people clear mail: each key runs the command a
 * button runs. Keys typed into a field are the field's; Escape leaves it.
 */
import type { RefObject } from "preact";
import { useEffect, useRef } from "preact/hooks";
import type { QueueHandle } from "./use-queue";

export const keyHelp: [string, string][] = [
  ["j / k", "next / previous comment"],
  ["a", "approve"],
  ["s", "spam"],
  ["r", "reject"],
  ["d", "delete"],
  ["e", "edit"],
  ["x", "select"],
  ["shift + a", "approve the selected"],
  ["/", "search"],
  ["?", "show these keys"],
];

function keysOf(queue: QueueHandle, search: RefObject<HTMLInputElement>) {
  const { current, comments, selected } = queue.latest();
  const { dispatch, decide, remove } = queue.commands;
  const comment = comments?.[current];
  const keys: Record<string, () => void> = {
    j: () => queue.focusCard(current + 1),
    k: () => queue.focusCard(current - 1),
    a: () => comment && void decide([comment.id], "approved"),
    s: () => comment && void decide([comment.id], "spam"),
    r: () => comment && void decide([comment.id], "rejected"),
    d: () => comment && void remove(comment),
    e: () => comment && dispatch({ type: "edit", id: comment.id }),
    x: () => comment && dispatch({ type: "toggle", id: comment.id }),
    A: () => void decide([...selected], "approved"),
    "/": () => search.current?.focus(),
    "?": () => dispatch({ type: "help" }),
    Escape: () => dispatch({ type: "help", shown: false }),
  };
  return keys;
}

export function useQueueKeys(queue: QueueHandle, search: RefObject<HTMLInputElement>) {
  // The listener is added once and calls the handler of the latest render, which reads the
  // queue's latest state: keys pressed in quick succession each see what the one before left.
  const onKey = useRef<(event: KeyboardEvent) => void>();
  onKey.current = (event) => {
    const target = event.target as HTMLElement;
    if (event.metaKey || event.ctrlKey || event.altKey) return;
    if (/^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) {
      if (event.key === "Escape") target.blur();
      return;
    }
    const action = keysOf(queue, search)[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  };
  useEffect(() => {
    const listener = (event: KeyboardEvent) => onKey.current?.(event);
    document.addEventListener("keydown", listener);
    return () => document.removeEventListener("keydown", listener);
  }, []);
}
