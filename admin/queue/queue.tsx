/**
 * The review queue, worked the way people clear mail: status tabs with counts, search, one
 * card per comment, and the keyboard (j/k move, a/s/r approve, spam, reject, d delete,
 * e edit, x select, A approve the selected, / search, ? the keys). Acting on a comment
 * moves to the next; the last status change can be undone.
 */
import { useRef } from "preact/hooks";
import type { DeskContext } from "../desk-context";
import { CommentCard } from "./card/comment-card";
import { BulkBar, KeyHelp, SearchForm, StatusTabs } from "./queue-bar";
import { UndoBar } from "./undo-bar";
import { useQueue } from "./use-queue";
import { useQueueKeys } from "./use-queue-keys";

export function Queue({ ctx }: { ctx: DeskContext }) {
  const queue = useQueue(ctx);
  const { state, commands } = queue;
  const searchRef = useRef<HTMLInputElement>(null);
  useQueueKeys(queue, searchRef);
  const list = state.comments ?? [];
  return (
    <main class="queue">
      <StatusTabs tab={state.tab} counts={queue.counts} commands={commands} />
      <SearchForm inputRef={searchRef} commands={commands} />
      <BulkBar selected={state.selected} commands={commands} />
      {state.help && <KeyHelp />}
      {queue.error && (
        <p class="error" role="alert">
          {queue.error}
        </p>
      )}
      {state.comments === null ? (
        <p class="loading">Loading…</p>
      ) : list.length === 0 ? (
        <p class="empty">
          {state.cursor
            ? "Nothing found among the newest comments yet: load more to search older ones."
            : "Nothing here."}
        </p>
      ) : (
        <ol class="cards" ref={queue.listRef}>
          {list.map((comment, index) => (
            // Keyed by id: a card's own state (editing, replying, banning) stays with its
            // comment when others leave the list.
            <li key={comment.id}>
              <CommentCard
                comment={comment}
                index={index}
                current={index === state.current}
                selected={state.selected.has(comment.id)}
                editing={state.editing === comment.id}
                ctx={ctx}
                commands={commands}
              />
            </li>
          ))}
        </ol>
      )}
      {state.cursor && (
        <button type="button" onClick={() => void queue.load(true)}>
          Load more
        </button>
      )}
      <UndoBar undo={queue.undo} />
    </main>
  );
}
