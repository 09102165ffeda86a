/**
 * How far an import of a file got, kept in this browser (counts only, nothing of the file),
 * so choosing the same file again after a cancel, a lost connection or a reload continues
 * where it stopped. Keyed by the import's fingerprint (importers/send-import.ts): the file's
 * hash, the site, the format and the chunking.
 */
import type { ImportProgress } from "../../importers/send-import";

const keyOf = (fingerprint: string) => `parley-import:${fingerprint}`;

export function loadProgress(fingerprint: string): ImportProgress | null {
  try {
    const saved = JSON.parse(localStorage.getItem(keyOf(fingerprint)) ?? "null");
    return saved && Number.isInteger(saved.done) ? (saved as ImportProgress) : null;
  } catch {
    return null; // storage refused or unreadable: start over (the import is idempotent)
  }
}

export function saveProgress(fingerprint: string, progress: ImportProgress): void {
  try {
    localStorage.setItem(keyOf(fingerprint), JSON.stringify(progress));
  } catch {
    // Storage full or refused: the import goes on, it just cannot be resumed after a reload.
  }
}

export function forgetProgress(fingerprint: string): void {
  try {
    localStorage.removeItem(keyOf(fingerprint));
  } catch {
    // Nothing to forget where nothing could be stored.
  }
}
