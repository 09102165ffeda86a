/** A comment's text: rendered with its Markdown beside, or, being edited, the editor. */
import { useState } from "preact/hooks";
import type { ModComment } from "../../api";
import type { QueueCommands } from "../use-queue";

export function CardBody(props: {
  comment: ModComment;
  id: string;
  editing: boolean;
  commands: QueueCommands;
  onError: (message: string) => void;
}) {
  const { comment, id, commands } = props;
  // The draft outlives the editor: cancelled and opened again, it is still there.
  const [draft, setDraft] = useState(comment.body);
  if (!props.editing)
    return (
      <>
        {/* The Worker's sanitised rendering; the page's CSP runs no script from it anyway. */}
        <div class="body" dangerouslySetInnerHTML={{ __html: comment.html }} />
        <details class="source">
          <summary>Markdown</summary>
          <pre>{comment.body}</pre>
        </details>
      </>
    );
  return (
    <form
      class="edit"
      onSubmit={(e) => {
        e.preventDefault();
        commands.save(comment, draft).catch((failure: Error) => props.onError(failure.message));
      }}
    >
      <label for={`${id}-body`} class="sr">
        Comment text (Markdown)
      </label>
      <textarea
        id={`${id}-body`}
        rows={6}
        value={draft}
        onInput={(e) => setDraft(e.currentTarget.value)}
        ref={(node) => node?.focus()}
      />
      <button type="submit" class="primary">
        Save
      </button>
      <button
        type="button"
        class="link"
        onClick={() => commands.dispatch({ type: "edit", id: null })}
      >
        Cancel
      </button>
    </form>
  );
}
