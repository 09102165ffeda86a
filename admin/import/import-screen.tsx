/**
 * Import and export of one site (the owner's): drop an export, see the dry run, import it in
 * chunks with progress; download the site as Parley JSON or WordPress WXR. A chunk of the
 * desk's own (admin/lazy-screen.tsx): every converter of importers/ comes with it, and
 * sql.js's WebAssembly only when a SQLite file is read.
 */
import { setSqliteWasmUrl } from "../../importers/sqlite";
import type { DeskContext } from "../desk-context";
import { DryRun } from "./dry-run";
import { ExportFiles } from "./export-files";
import { FileDrop, ImportOptions } from "./import-options";
import { ImportRun } from "./import-run";
import { usePlan } from "./use-plan";
import { useRun } from "./use-run";

/** The hashed URL scripts/build-assets.mjs copied sql.js's WebAssembly to. */
declare const __PARLEY_SQLITE_WASM__: string;
setSqliteWasmUrl(__PARLEY_SQLITE_WASM__);

export function ImportScreen({ ctx }: { ctx: DeskContext }) {
  const flow = usePlan(ctx.site);
  const { run, start, cancel } = useRun(ctx.site, flow.plan, ctx.announce);
  const running = run.state === "running";
  return (
    <main class="transfer">
      <h2>Import</h2>
      <fieldset disabled={running} class="plain">
        <FileDrop
          fileName={flow.file?.name ?? null}
          // The fieldset stops the inputs during a run; a drop needs saying.
          onFile={running ? () => undefined : flow.chooseFile}
        />
        <ImportOptions settings={flow.settings} onChange={flow.changeSettings} />
      </fieldset>
      {flow.reading && <p class="loading">Reading the file…</p>}
      {flow.error && (
        <p role="alert" class="error">
          {flow.error}
        </p>
      )}
      {flow.plan && (
        <>
          <DryRun plan={flow.plan} />
          <ImportRun plan={flow.plan} run={run} onStart={start} onCancel={cancel} />
        </>
      )}
      <ExportFiles site={ctx.site} />
    </main>
  );
}
