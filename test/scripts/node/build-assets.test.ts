/**
 * The asset build while something serves dist/public (`npm run dev`): the folder is there,
 * with the previous build, for the whole build, and the new build replaces it whole.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildAssets, outDir } from "../../../scripts/build-assets.mjs";
import { swapInto } from "../../../scripts/swap-dir.mjs";

describe("the asset build", () => {
  it("leaves the previous build in place until the new one is complete", async () => {
    await buildAssets({ log: false });
    const marker = path.join(outDir, "previous-build.txt");
    await writeFile(marker, "the build a server is reading");
    let polls = 0;
    let missing = 0;
    let previousSeen = 0;
    const poll = setInterval(() => {
      polls++;
      if (!existsSync(path.join(outDir, "embed.js"))) missing++;
      if (existsSync(marker)) previousSeen++;
    }, 2);
    try {
      await buildAssets({ log: false });
    } finally {
      clearInterval(poll);
    }
    expect(polls).toBeGreaterThan(5);
    expect(previousSeen).toBeGreaterThan(5);
    expect(missing).toBe(0);
    // The new build replaced the old one whole, and nothing is left beside it.
    expect(existsSync(marker)).toBe(false);
    expect(existsSync(path.join(outDir, "admin/desk.js"))).toBe(true);
    const beside = await readdir(path.dirname(outDir));
    expect(beside.filter((name) => name.startsWith("public."))).toEqual([]);
  });

  it("swaps a new folder in where there was none, and over an old one", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "parley-swap-"));
    try {
      const target = path.join(dir, "public");
      for (const build of ["first", "second"]) {
        const staging = path.join(dir, `next-${build}`);
        await mkdir(staging);
        await writeFile(path.join(staging, "build.txt"), build);
        await swapInto(staging, target);
        expect(await readFile(path.join(target, "build.txt"), "utf8")).toBe(build);
      }
      expect(await readdir(dir)).toEqual(["public"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
