import { describe, expect, it } from "vitest";
import twikooExport from "../fixtures/import/twikoo-admin-export.json?raw";
import adminExport from "../fixtures/import/waline-admin-export-sqlite.json?raw";
import { readExport } from "../../importers/convert";
import { describeImport } from "../../importers/dry-run-report";

describe("the dry run's report", () => {
  it("lists each thread with its comments by status, and every comment left out with its reason and page", () => {
    const result = readExport("waline", adminExport);
    expect(describeImport("waline", result.threads, result.skippedComments)).toEqual([
      "Dry run of a waline export: nothing was written.",
      "2 threads, 5 comments would be imported (4 approved, 1 pending); 3 left out.",
      "",
      "Threads:",
      "  /2024/03/hello/  4 (4 approved)",
      "  /about/  1 (1 pending)",
      "",
      "Left out:",
      "  1 marked spam in the source:",
      "    waline:6 on /about/",
      "  1 empty body:",
      "    waline:8 on /about/",
      "  1 its parent is missing, was skipped, or sits in a cycle:",
      "    waline:7 on /2024/03/hello/",
      "",
      "Likes, sticky flags, reactions, page views and user accounts are not carried over.",
    ]);
  });

  it("says plainly that Twikoo's spam flag may hide comments awaiting review", () => {
    const result = readExport("twikoo", twikooExport);
    const report = describeImport("twikoo", result.threads, result.skippedComments);
    expect(report).toContain("  /post/1  5 (4 approved, 1 spam)");
    expect(report.at(-1)).toMatch(/^Twikoo marks comments waiting for manual review as spam/);
  });
});
