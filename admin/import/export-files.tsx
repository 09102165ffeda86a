/**
 * Leaving, or keeping a copy: the site's export as Parley's JSON (imports back exactly) or as
 * WordPress WXR (WordPress and Disqus import it). Fetched with the token in a header, never
 * in a URL, then saved as a file.
 */
import { useState } from "preact/hooks";
import { fetchExport } from "../api";
import { saveFile } from "../save-file";

export function ExportFiles({ site }: { site: string }) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState("");
  async function download(format: "parley" | "wxr") {
    setBusy(true);
    setMessage("");
    try {
      const { blob, name } = await fetchExport(site, format);
      saveFile(blob, name);
    } catch (error) {
      setMessage((error as Error).message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <section class="export" aria-labelledby="export-title">
      <h2 id="export-title">Export</h2>
      <p>Every thread and comment of the site, all statuses, emails included: keep it private.</p>
      <div class="actions">
        <button type="button" disabled={busy} onClick={() => void download("parley")}>
          Download Parley JSON
        </button>
        <button type="button" disabled={busy} onClick={() => void download("wxr")}>
          Download WordPress WXR
        </button>
      </div>
      {message && <p role="alert">{message}</p>}
    </section>
  );
}
