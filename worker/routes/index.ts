/** Every router, one per audience, in the order the app mounts them (app.ts). */
import type { DeclaredRouter } from "./declare";
import { mailLinks } from "./mail-links";
import { moderationApi } from "./moderation";
import { operations } from "./operations";
import { feeds } from "./public/feeds";
import { publicApi } from "./public";

export const routers: DeclaredRouter[] = [operations, moderationApi, publicApi, feeds, mailLinks];

let declaredPaths: { pattern: RegExp; method: string }[] | undefined;

/**
 * The methods the declarations give a path, as an Allow header lists them (a GET's path
 * answers HEAD too); none for a path nothing is declared at. Read only for a request no
 * route took, so the patterns are made then.
 */
export function methodsAt(path: string): string[] {
  declaredPaths ??= routers.flatMap((router) =>
    router.declarations.map(({ method, path: relative }) => ({
      method: method.toUpperCase(),
      pattern: new RegExp(
        `^${(router.base + relative).replace(/\./g, "\\.").replace(/:\w+/g, "[^/]+")}$`,
      ),
    })),
  );
  const methods = new Set(
    declaredPaths.filter(({ pattern }) => pattern.test(path)).map(({ method }) => method),
  );
  if (methods.has("GET")) methods.add("HEAD");
  return ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"].filter((m) => methods.has(m));
}
