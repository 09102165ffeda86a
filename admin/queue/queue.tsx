/**
 * The review queue, worked the way people clear mail: status tabs with counts, search, one
 * card per comment, and the keyboard (j/k move, a/s/r approve, spam, reject, d delete,
 * e edit, x select, A approve the selected, / search, ? the keys). Acting on a comment
 * moves to the next; the last status change can be undone.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import {
  bulk,
  deleteComment,
  listQueue,
  moderate,
  queueCounts,
  type ModComment,
  type Status,
  type Tab,
} from "../api";
import { CommentCard } from "./card/comment-card";
import type { DeskContext } from "../desk-context";

const tabs: [Tab, string][] = [
  ["pending", "Pending"],
  ["reported", "Reported"],
  ["approved", "Approved"],
  ["spam", "Spam"],
  ["rejected", "Rejected"],
];
const verbs: Record<Status, string> = {
  approved: "Approved",
  spam: "Marked as spam",
  rejected: "Rejected",
  pending: "Back to pending",
};

interface Undo {
  label: string;
  /** The statuses the comments had before, to put back. */
  before: { id: string; status: Status }[];
}

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

export function Queue({ ctx }: { ctx: DeskContext }) {
  const { site, announce } = ctx;
  const [status, setStatus] = useState<Tab>("pending");
  const [search, setSearch] = useState("");
  const [query, setQuery] = useState("");
  const [comments, setComments] = useState<ModComment[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [counts, setCounts] = useState<Record<string, number>>({});
  const [current, setCurrent] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [editing, setEditing] = useState<string | null>(null);
  const [undo, setUndo] = useState<Undo | null>(null);
  const [help, setHelp] = useState(false);
  const [error, setError] = useState("");
  const searchRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const onKeyRef = useRef<(event: KeyboardEvent) => void>();
  // Where the reader is and what is selected change with every key: kept in refs too, so
  // a key pressed before the next render still sees them.
  const at = useRef(0);
  const picked = useRef<Set<string>>(new Set());
  const loads = useRef(0);

  async function load(more = false) {
    setError("");
    // Only the newest request's answer is shown: switching tabs and searching in quick
    // succession must not let an older, slower answer replace a newer one.
    const asked = ++loads.current;
    const page = await listQueue(site, status, query, more ? cursor : null);
    if (asked !== loads.current) return;
    setComments((list) => (more && list ? [...list, ...page.comments] : page.comments));
    setCursor(page.nextCursor);
    if (!more) {
      at.current = 0;
      setCurrent(0);
      choose(new Set());
    }
  }
  async function loadCounts() {
    setCounts((await queueCounts(site)).counts);
  }
  useEffect(() => {
    void load().catch((e: Error) => setError(e.message));
  }, [status, query]);
  useEffect(() => void loadCounts(), [comments]);

  const list = comments ?? [];
  // Counted on the page, not in `list`: after an action the cards drawn are the truth.
  const focusCard = (index: number) => {
    const cards = listRef.current?.querySelectorAll<HTMLElement>("article.card") ?? [];
    const bounded = Math.max(0, Math.min(index, cards.length - 1));
    at.current = bounded;
    setCurrent(bounded);
    cards[bounded]?.focus();
  };

  /** Drops acted-on comments that no longer belong in this tab, keeping the place. */
  function settle(ids: string[], next: (c: ModComment) => ModComment | null) {
    setComments((all) =>
      (all ?? []).flatMap((c) => {
        if (!ids.includes(c.id)) return [c];
        const changed = next(c);
        // In the reported view a decision settles the reports: the comment leaves it too.
        return changed && changed.status === status ? [changed] : [];
      }),
    );
    choose(new Set());
  }

  async function setStatuses(ids: string[], to: Status, record = true) {
    if (!ids.length) return;
    const before = list
      .filter((c) => ids.includes(c.id))
      .map((c) => ({ id: c.id, status: c.status }));
    try {
      if (ids.length === 1) await moderate(ids[0]!, { status: to });
      else await bulk(ids, to);
    } catch (e) {
      return announce((e as Error).message);
    }
    settle(ids, (c) => ({ ...c, status: to }));
    const label = `${verbs[to]}: ${ids.length === 1 ? "1 comment" : `${ids.length} comments`}.`;
    announce(label);
    if (record) setUndo({ label, before });
    setTimeout(() => focusCard(at.current));
  }

  async function undoLast() {
    if (!undo) return;
    const byStatus = new Map<Status, string[]>();
    for (const { id, status: was } of undo.before)
      byStatus.set(was, [...(byStatus.get(was) ?? []), id]);
    for (const [was, ids] of byStatus) {
      await bulk(ids, was);
    }
    setUndo(null);
    announce("Undone.");
    await load();
  }

  async function remove(comment: ModComment) {
    if (!confirm("Delete this comment? This cannot be undone.")) return;
    await deleteComment(comment.id);
    settle([comment.id], () => null);
    announce("Deleted: 1 comment.");
    setTimeout(() => focusCard(at.current));
  }

  async function saveEdit(comment: ModComment, body: string) {
    const changed = await moderate(comment.id, { body });
    settle([comment.id], () => changed);
    setEditing(null);
    announce("Saved.");
  }

  function toggle(id: string) {
    const next = new Set(picked.current);
    if (!next.delete(id)) next.add(id);
    choose(next);
  }
  function choose(next: Set<string>) {
    picked.current = next;
    setSelected(next);
  }

  // The listener is added once and calls the handler of the latest render: keys pressed in
  // quick succession must each see the state the one before left.
  onKeyRef.current = function onKey(event: KeyboardEvent) {
    const target = event.target as HTMLElement;
    if (event.metaKey || event.ctrlKey || event.altKey) return;
    if (/^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) {
      if (event.key === "Escape") target.blur();
      return;
    }
    const comment = list[at.current];
    const keys: Record<string, () => void> = {
      j: () => focusCard(at.current + 1),
      k: () => focusCard(at.current - 1),
      a: () => comment && void setStatuses([comment.id], "approved"),
      s: () => comment && void setStatuses([comment.id], "spam"),
      r: () => comment && void setStatuses([comment.id], "rejected"),
      d: () => comment && void remove(comment),
      e: () => comment && setEditing(comment.id),
      x: () => comment && toggle(comment.id),
      A: () => void setStatuses([...picked.current], "approved"),
      "/": () => searchRef.current?.focus(),
      "?": () => setHelp((shown) => !shown),
      Escape: () => setHelp(false),
    };
    const action = keys[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  };
  useEffect(() => {
    const listener = (event: KeyboardEvent) => onKeyRef.current?.(event);
    document.addEventListener("keydown", listener);
    return () => document.removeEventListener("keydown", listener);
  }, []);

  return (
    <main class="queue">
      <div class="tabs" role="tablist" aria-label="Status">
        {tabs.map(([name, label]) => (
          <button
            type="button"
            role="tab"
            aria-selected={status === name}
            onClick={() => setStatus(name)}
          >
            {label} <span class="count">{counts[name] ?? ""}</span>
          </button>
        ))}
      </div>
      <form
        class="search"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery(search.trim());
        }}
      >
        <label for="search" class="sr">
          Search comments
        </label>
        <input
          id="search"
          ref={searchRef}
          type="search"
          placeholder="Search text, author, email or page"
          value={search}
          onInput={(e) => setSearch(e.currentTarget.value)}
        />
        <button type="submit">Search</button>
      </form>
      <div class="bulk">
        <button
          type="button"
          disabled={!selected.size}
          onClick={() => void setStatuses([...selected], "approved")}
        >
          Approve selected ({selected.size})
        </button>
        <button
          type="button"
          disabled={!selected.size}
          onClick={() => void setStatuses([...selected], "spam")}
        >
          Spam selected
        </button>
        <button type="button" class="link" onClick={() => setHelp((shown) => !shown)}>
          Keys (?)
        </button>
      </div>
      {help && (
        <section class="help" aria-label="Keyboard shortcuts">
          <dl>
            {keyHelp.map(([key, what]) => (
              <>
                <dt>
                  <kbd>{key}</kbd>
                </dt>
                <dd>{what}</dd>
              </>
            ))}
          </dl>
        </section>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {comments === null ? (
        <p class="loading">Loading…</p>
      ) : list.length === 0 ? (
        <p class="empty">Nothing here.</p>
      ) : (
        <ol class="cards" ref={listRef}>
          {list.map((comment, index) => (
            // Keyed by id: a card's own state (editing, replying, banning) stays with its
            // comment when others leave the list.
            <li key={comment.id}>
              <CommentCard
                comment={comment}
                current={index === current}
                selected={selected.has(comment.id)}
                editing={editing === comment.id}
                ctx={ctx}
                onFocus={() => {
                  at.current = index;
                  setCurrent(index);
                }}
                onToggle={() => toggle(comment.id)}
                onStatus={(to) => void setStatuses([comment.id], to)}
                onDelete={() => void remove(comment)}
                onEdit={(on) => setEditing(on ? comment.id : null)}
                onSave={(body) => saveEdit(comment, body)}
              />
            </li>
          ))}
        </ol>
      )}
      {cursor && (
        <button type="button" onClick={() => void load(true)}>
          Load more
        </button>
      )}
      {undo && (
        <div class="undo" role="region" aria-label="Last action">
          <span>{undo.label}</span>
          <button type="button" onClick={() => void undoLast()}>
            Undo
          </button>
          <button type="button" class="link" aria-label="Dismiss" onClick={() => setUndo(null)}>
            ×
          </button>
        </div>
      )}
    </main>
  );
}
