/**
 * Puts a freshly built folder in place of the one a running server reads. The new build is
 * written beside the old one (`<target>.next-<pid>`), then the old folder is renamed away
 * and the new one renamed in, one call right after the other with nothing awaited between:
 * `npm run dev` keeps serving the old build for the whole build and the new one after,
 * where removing dist/public first left /demo, /admin/ and /embed.js answering 500 until a
 * restart. (Linux has no rename that exchanges two folders from Node, so another process
 * can still miss the folder for the instant between the two renames.)
 */
import { renameSync } from "node:fs";
import { rm } from "node:fs/promises";

/** A folder beside `target` for this process's next build. */
export const stagingFor = (target) => `${target}.next-${process.pid}`;

/** Replaces `target` with `staging`; the old build is removed after. */
export async function swapInto(staging, target) {
  const movedAway = [];
  // Another build may put its folder in place between our two renames (`npm test` while
  // `npm run dev` rebuilds): then renaming ours in fails, and that one is moved away too.
  for (let attempt = 0; ; attempt++) {
    const away = `${target}.old-${process.pid}-${Date.now()}-${attempt}`;
    try {
      renameSync(target, away);
      movedAway.push(away);
    } catch (error) {
      if (error.code !== "ENOENT") throw error;
    }
    try {
      renameSync(staging, target);
      break;
    } catch (error) {
      if ((error.code !== "ENOTEMPTY" && error.code !== "EEXIST") || attempt >= 5) throw error;
    }
  }
  for (const dir of movedAway) await rm(dir, { recursive: true, force: true });
}
