/**
 * The dry run, shown before anything is written: how many threads and comments the file
 * would add, the report `npm run import --dry-run` prints (per thread; everything left out
 * with its reason), and what the server would refuse.
 */
import { describeImport } from "../../importers/dry-run-report";
import { formatName } from "./import-options";
import type { ImportPlan } from "./plan-import";

export function DryRun({ plan }: { plan: ImportPlan }) {
  return (
    <section class="dry-run" aria-labelledby="dry-run-title">
      <h3 id="dry-run-title">Dry run: nothing is written yet</h3>
      <p class="summary">
        Read as {formatName(plan.format)}: <strong>{plan.threads.length}</strong> threads,{" "}
        <strong>{plan.total}</strong> comments to import;{" "}
        <strong>{plan.skippedComments.length}</strong> left out.
      </p>
      {/* A region of its own, focusable, so the keyboard can scroll a long report. */}
      <div class="report" role="region" aria-label="The dry run's report" tabIndex={0}>
        <pre>
          {describeImport(plan.format, plan.threads, plan.skippedComments, plan.likes).join("\n")}
        </pre>
      </div>
      {plan.refusals.length > 0 && (
        <div role="alert">
          <p>The server would refuse these; fix the file (or the page map) to import it:</p>
          <ul>
            {plan.refusals.map((line) => (
              <li>{line}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
