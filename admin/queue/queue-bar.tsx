/**
 * Above the cards: the status tabs with their counts, the search, the bulk buttons, and the
 * list of keys they open.
 */
import type { RefObject } from "preact";
import { useState } from "preact/hooks";
import type { Tab } from "../api";
import type { QueueCommands } from "./use-queue";
import { keyHelp } from "./use-queue-keys";

const tabs: [Tab, string][] = [
  ["pending", "Pending"],
  ["reported", "Reported"],
  ["approved", "Approved"],
  ["spam", "Spam"],
  ["rejected", "Rejected"],
];

export function StatusTabs(props: {
  tab: Tab;
  counts: Record<string, number>;
  commands: QueueCommands;
}) {
  return (
    <div class="tabs" role="tablist" aria-label="Status">
      {tabs.map(([name, label]) => (
        <button
          type="button"
          role="tab"
          aria-selected={props.tab === name}
          onClick={() => props.commands.dispatch({ type: "show", tab: name })}
        >
          {label} <span class="count">{props.counts[name] ?? ""}</span>
        </button>
      ))}
    </div>
  );
}

export function SearchForm(props: {
  inputRef: RefObject<HTMLInputElement>;
  commands: QueueCommands;
}) {
  const [text, setText] = useState("");
  return (
    <form
      class="search"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        props.commands.dispatch({ type: "search", search: text.trim() });
      }}
    >
      <label for="search" class="sr">
        Search comments
      </label>
      <input
        id="search"
        ref={props.inputRef}
        type="search"
        placeholder="Search text, author, email or page"
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
      />
      <button type="submit">Search</button>
    </form>
  );
}

export function BulkBar(props: { selected: Set<string>; commands: QueueCommands }) {
  const { selected, commands } = props;
  return (
    <div class="bulk">
      <button
        type="button"
        disabled={!selected.size}
        onClick={() => void commands.decide([...selected], "approved")}
      >
        Approve selected ({selected.size})
      </button>
      <button
        type="button"
        disabled={!selected.size}
        onClick={() => void commands.decide([...selected], "spam")}
      >
        Spam selected
      </button>
      <button type="button" class="link" onClick={() => commands.dispatch({ type: "help" })}>
        Keys (?)
      </button>
    </div>
  );
}

export function KeyHelp() {
  return (
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
  );
}
