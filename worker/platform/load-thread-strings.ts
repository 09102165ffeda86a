/**
 * The server-rendered thread's words in one language (domain/thread-strings.ts says which),
 * written by the build to thread-strings/<lang>.json and read through ASSETS, once per
 * isolate.
 */
import type { ThreadStrings } from "../domain/thread-strings";
import { ApiError } from "../errors";
import { staticJson, type Assets } from "./static-json";

export function threadStrings(assets: Assets, lang: string): Promise<ThreadStrings> {
  return staticJson<ThreadStrings>(assets, `thread-strings/${lang}.json`).catch(
    (error: unknown) => {
      // Built with the Worker and deployed beside it: missing means a broken deployment.
      console.error(`thread strings for ${lang} unavailable: ${String(error)}`);
      throw new ApiError("internal", "The thread could not be rendered.");
    },
  );
}
