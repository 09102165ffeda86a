/**
 * Running an import the dry run showed: sent in chunks by the code `npm run import` uses
 * (importers/send-import.ts), its progress saved after each chunk so a cancel, a failure or
 * a reload can be continued from where it stopped.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import {
  countComments,
  freshProgress,
  ImportStoppedError,
  sendChunks,
  type ImportProgress,
} from "../../importers/send-import";
import { postImport } from "../api";
import type { ImportPlan } from "./plan-import";
import { forgetProgress, loadProgress, saveProgress } from "./saved-progress";

export type Run =
  | { state: "idle" }
  | { state: "running"; progress: ImportProgress }
  | { state: "stopped"; progress: ImportProgress; message: string }
  | { state: "done"; progress: ImportProgress };

export function useRun(site: string, plan: ImportPlan | null, announce: (said: string) => void) {
  const [run, setRun] = useState<Run>({ state: "idle" });
  const stop = useRef<AbortController | null>(null);

  // A new plan starts afresh, or where an earlier import of the same file stopped.
  useEffect(() => {
    const saved = plan && loadProgress(plan.fingerprint);
    setRun(saved ? { state: "stopped", progress: saved, message: "" } : { state: "idle" });
  }, [plan]);

  // Leaving the screen stops a run (what the server took stays; the rest can be continued).
  useEffect(() => () => stop.current?.abort(), []);

  async function start(plan: ImportPlan) {
    const controller = new AbortController();
    stop.current = controller;
    let progress = run.state === "stopped" ? run.progress : freshProgress();
    setRun({ state: "running", progress });
    try {
      progress = await sendChunks(plan.chunks, progress, {
        post: (body, signal) => postImport(site, body, signal),
        signal: controller.signal,
        onChunk(next) {
          progress = next;
          saveProgress(plan.fingerprint, next);
          setRun({ state: "running", progress: next });
        },
      });
      forgetProgress(plan.fingerprint);
      setRun({ state: "done", progress });
      announce(outcome(plan, progress));
    } catch (failure) {
      const message = stoppedBecause(failure, controller.signal, progress, plan);
      setRun({ state: "stopped", progress, message });
      announce(message);
    } finally {
      stop.current = null;
    }
  }

  return {
    run,
    start: () => void (plan && start(plan)),
    cancel: () => stop.current?.abort(),
  };
}

function stoppedBecause(
  failure: unknown,
  signal: AbortSignal,
  progress: ImportProgress,
  plan: ImportPlan,
): string {
  if (signal.aborted) {
    return (
      `Cancelled after ${progress.done} of ${plan.chunks.length} chunks. Each chunk is ` +
      "written whole or not at all; Continue sends the rest."
    );
  }
  if (failure instanceof ImportStoppedError) {
    return failure.retryable ? `${failure.message} Continue sends the rest.` : failure.message;
  }
  return failure instanceof Error ? failure.message : String(failure);
}

/** Comments the chunks done so far hold. */
export const commentsSent = (plan: ImportPlan, progress: ImportProgress) =>
  countComments(plan.chunks.slice(0, progress.done).flat());

/** What an import did, in the words `npm run import` ends with. */
export function outcome(plan: ImportPlan, progress: ImportProgress): string {
  const already = plan.total - progress.comments - progress.skipped;
  return (
    `Imported: ${progress.comments} comments added in ${progress.threads} new threads; ` +
    `${plan.skippedComments.length + progress.skipped} skipped; ${already} were already there.`
  );
}
