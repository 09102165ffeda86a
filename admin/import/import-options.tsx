/**
 * The file and how to read it: dropped on the zone or chosen; its format (detected unless
 * chosen); the time zone for sources that store local times; pingbacks; a page map.
 */
import { useState } from "preact/hooks";
import { parsePageMap } from "../../importers/pages";
import { importFormats } from "../../importers/import-file";
import type { ImportSettings } from "./use-plan";

/** Names for the formats the converters read; a format added to them shows its own name. */
const formatNames: Record<string, string> = {
  wordpress: "WordPress (WXR)",
  disqus: "Disqus (XML)",
  waline: "Waline, Valine (LeanCloud)",
  twikoo: "Twikoo",
  artalk: "Artalk (Artrans)",
  remark42: "Remark42 (backup .gz)",
  commento: "Commento, Comentario (.json.gz)",
  parley: "Parley (JSON export)",
};
export const formatName = (format: string) => formatNames[format] ?? format;

async function bytesOf(file: File) {
  return new Uint8Array(await file.arrayBuffer());
}

export function FileDrop(props: {
  fileName: string | null;
  onFile: (name: string, bytes: Uint8Array) => void;
}) {
  const [over, setOver] = useState(false);
  const take = async (file: File | undefined) => {
    if (file) props.onFile(file.name, await bytesOf(file));
  };
  return (
    <div
      class={over ? "drop over" : "drop"}
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(event) => {
        event.preventDefault();
        setOver(false);
        void take(event.dataTransfer?.files[0]);
      }}
    >
      <label for="import-file">Export file</label>
      <input
        id="import-file"
        type="file"
        aria-describedby="import-file-hint"
        onChange={(event) => void take(event.currentTarget.files?.[0])}
      />
      <p id="import-file-hint" class="hint">
        Drop the export here or choose it; its format is read from it (or chosen below). It is
        converted in this tab, and nothing is sent until you press Import.
      </p>
      {props.fileName && <p class="chosen">{props.fileName}</p>}
    </div>
  );
}

/** A `--map` file: page identities of the export to Parley thread keys. */
function PageMapField({ onChange }: { onChange: (change: Partial<ImportSettings>) => void }) {
  const [mapError, setMapError] = useState("");
  async function readMap(file: File | undefined) {
    setMapError("");
    if (!file) return onChange({ pageMap: undefined });
    try {
      onChange({ pageMap: parsePageMap(await file.text()) });
    } catch (error) {
      setMapError((error as Error).message);
      onChange({ pageMap: undefined });
    }
  }
  return (
    <div class="field">
      <label for="import-page-map">Page map (optional)</label>
      <input
        id="import-page-map"
        type="file"
        accept=".json,application/json"
        aria-describedby="import-page-map-hint"
        onChange={(event) => void readMap(event.currentTarget.files?.[0])}
      />
      <p id="import-page-map-hint" class="hint">
        A JSON object from page identities in the export to Parley thread keys or URLs, for pages
        the export names by an id of its own.
      </p>
      {mapError && <p class="error">{mapError}</p>}
    </div>
  );
}

export function ImportOptions(props: {
  settings: ImportSettings;
  onChange: (change: Partial<ImportSettings>) => void;
}) {
  const { settings, onChange } = props;
  return (
    <fieldset>
      <legend>Options</legend>
      <div class="field">
        <label for="import-format">Format</label>
        <select
          id="import-format"
          value={settings.format}
          onChange={(event) =>
            onChange({ format: event.currentTarget.value as ImportSettings["format"] })
          }
        >
          <option value="detect">Detect from the file</option>
          {importFormats.map((format) => (
            <option value={format}>{formatName(format)}</option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="import-time-zone">Time zone of times without one</label>
        <input
          id="import-time-zone"
          placeholder="Asia/Shanghai"
          aria-describedby="import-time-zone-hint"
          value={settings.timeZone}
          onChange={(event) => onChange({ timeZone: event.currentTarget.value })}
        />
        <p id="import-time-zone-hint" class="hint">
          For Waline on SQLite or MySQL and Artalk, which store local times: the zone of their
          server. Leave empty for UTC.
        </p>
      </div>
      <label class="check">
        <input
          type="checkbox"
          checked={settings.includePingbacks}
          onChange={(event) => onChange({ includePingbacks: event.currentTarget.checked })}
        />{" "}
        Import pingbacks and trackbacks (WordPress)
      </label>
      <PageMapField onChange={onChange} />
    </fieldset>
  );
}
