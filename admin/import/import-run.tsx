/**
 * Importing what the dry run showed: the button, a progress bar over the comments sent, Cancel
 * while it runs, and Continue after a cancel or a failure (the server is idempotent, so a
 * chunk sent again adds nothing).
 */
import type { ImportPlan } from "./plan-import";
import { commentsSent, outcome, type Run } from "./use-run";

export function ImportRun(props: {
  plan: ImportPlan;
  run: Run;
  onStart: () => void;
  onCancel: () => void;
}) {
  const { plan, run } = props;
  const blocked = plan.refusals.length > 0 || plan.total === 0;
  const sent = run.state === "idle" ? 0 : commentsSent(plan, run.progress);
  return (
    <section class="import-run" aria-label="Import">
      {run.state === "running" ? (
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
      ) : (
        <button type="button" class="primary" disabled={blocked} onClick={props.onStart}>
          {run.state === "stopped"
            ? `Continue the import (${run.progress.done} of ${plan.chunks.length} chunks done)`
            : run.state === "done"
              ? "Import again"
              : `Import ${plan.total} comments`}
        </button>
      )}
      {run.state !== "idle" && (
        <div class="progress">
          <label for="import-progress">Sent</label>
          <progress id="import-progress" max={plan.total} value={sent} />
          <span>
            {sent} of {plan.total} comments, chunk {run.progress.done} of {plan.chunks.length}
          </span>
        </div>
      )}
      {run.state === "stopped" && run.message && <p role="alert">{run.message}</p>}
      {run.state === "done" && <p class="ok">{outcome(plan, run.progress)}</p>}
    </section>
  );
}
