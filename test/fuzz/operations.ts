/**
 * The operations the fuzzer sends requests to: every declared route, as the app mounts it,
 * with its operation object from the OpenAPI document (the spelling integrators read).
 */
import { declaredRoutes } from "../../worker/openapi/document";
import { openApi } from "../openapi-schemas";
import type { Operation } from "./requests";

export const operations: Operation[] = declaredRoutes().map(({ declaration, audience, path }) => {
  const template = path.replace(/:(\w+)/g, "{$1}");
  return {
    declaration,
    audience,
    template,
    method: declaration.method,
    spec: openApi.paths[template][declaration.method],
  };
});

/** A "#/components/…/<name>" reference of the document, resolved. */
export const resolve = (ref: string) => {
  const [, , section, name] = ref.split("/");
  return openApi.components[section!][name!];
};
