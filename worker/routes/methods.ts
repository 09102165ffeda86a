/** Which methods the declarations give a path: the Allow header of a 405. */
import type { DeclaredRouter } from "./declare";

const patternsOf = new WeakMap<readonly DeclaredRouter[], { pattern: RegExp; method: string }[]>();

/**
 * The methods `routers` declare at `path`, as an Allow header lists them (a GET's path
 * answers HEAD too); none for a path nothing is declared at. Read only for a request no
 * route took, so the patterns are made then.
 */
export function methodsAt(path: string, routers: readonly DeclaredRouter[]): string[] {
  let declared = patternsOf.get(routers);
  if (!declared) {
    declared = routers.flatMap((router) =>
      router.declarations.map(({ method, path: relative }) => ({
        method: method.toUpperCase(),
        pattern: new RegExp(
          `^${(router.base + relative).replace(/\./g, "\\.").replace(/:\w+/g, "[^/]+")}$`,
        ),
      })),
    );
    patternsOf.set(routers, declared);
  }
  const methods = new Set(
    declared.filter(({ pattern }) => pattern.test(path)).map(({ method }) => method),
  );
  if (methods.has("GET")) methods.add("HEAD");
  return ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"].filter((m) => methods.has(m));
}
