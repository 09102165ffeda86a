/** Hands a file the desk made or fetched to the browser's downloads. */
export function saveFile(blob: Blob, name: string): void {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = name;
  link.click();
  // Revoked once the download surely started: revoking at once may cancel a large one.
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
}
