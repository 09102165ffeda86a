import { describe, expect, it } from "vitest";
import nativeGzip from "../../fixtures/import/remark42-native-backup.gz?inline";
import walineExport from "../../fixtures/import/waline-admin-export-sqlite.json?raw";
import { detectFormatOfBytes, readExportFromBytes } from "../../../importers/convert";
import { ImportFormatError } from "../../../importers/errors";
import { isSqliteFile, openSqlite } from "../../../importers/sqlite";
import { bytesOfDataUrl } from "../export-bytes";
import { databaseFile } from "./database-file";

describe("export files from their bytes", () => {
  it("tells text, gzip and SQLite apart by their first bytes", async () => {
    expect(await detectFormatOfBytes(new TextEncoder().encode(walineExport))).toBe("waline");
    expect(await detectFormatOfBytes(bytesOfDataUrl(nativeGzip))).toBe("remark42");
    expect(isSqliteFile(await databaseFile("CREATE TABLE t (x);"))).toBe(true);
    expect(isSqliteFile(new TextEncoder().encode("SQLite format 2\0"))).toBe(false);
  });

  it("reads a text export from its bytes as readExport does", async () => {
    const result = await readExportFromBytes(new TextEncoder().encode(walineExport), "waline");
    expect(result.threads.length).toBeGreaterThan(0);
  });

  it("detects no format in a database of another program", async () => {
    expect(await detectFormatOfBytes(await databaseFile("CREATE TABLE notes (body TEXT);"))).toBe(
      null,
    );
  });

  it("refuses a file with SQLite's header and nothing readable after it", async () => {
    const damaged = new Uint8Array(4096).fill(0x55);
    damaged.set(new TextEncoder().encode("SQLite format 3\0"));
    await expect(openSqlite(damaged)).rejects.toThrow(ImportFormatError);
    await expect(detectFormatOfBytes(damaged)).rejects.toThrow(/cannot be read/);
  });
});
