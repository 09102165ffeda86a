/**
 * The file and options of the import screen, and the dry run worked out from them: again
 * whenever either changes, a newer answer always winning over an older one still on its way.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { ConvertOptions } from "../../importers/convert";
import { planImport, type FormatChoice, type ImportPlan } from "./plan-import";

export interface ImportSettings {
  format: FormatChoice;
  timeZone: string;
  includePingbacks: boolean;
  pageMap: ConvertOptions["pageMap"];
}

export function usePlan(site: string) {
  const [file, setFile] = useState<{ name: string; bytes: Uint8Array } | null>(null);
  const [settings, setSettings] = useState<ImportSettings>({
    format: "detect",
    timeZone: "",
    includePingbacks: false,
    pageMap: undefined,
  });
  const [plan, setPlan] = useState<ImportPlan | null>(null);
  const [reading, setReading] = useState(false);
  const [error, setError] = useState("");
  const latest = useRef(0);

  useEffect(() => {
    if (!file) return;
    const attempt = ++latest.current;
    setPlan(null);
    setError("");
    setReading(true);
    const { format, timeZone, includePingbacks, pageMap } = settings;
    planImport(file.bytes, site, format, {
      timeZone: timeZone.trim() || undefined,
      includePingbacks,
      pageMap,
    })
      .then(
        (next) => attempt === latest.current && setPlan(next),
        (failure: unknown) =>
          attempt === latest.current &&
          setError(failure instanceof Error ? failure.message : String(failure)),
      )
      .finally(() => attempt === latest.current && setReading(false));
  }, [file, settings, site]);

  return {
    file,
    chooseFile: (name: string, bytes: Uint8Array) => setFile({ name, bytes }),
    settings,
    changeSettings: (change: Partial<ImportSettings>) =>
      setSettings((current) => ({ ...current, ...change })),
    reading,
    error,
    plan,
  };
}
