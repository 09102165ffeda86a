/**
 * What the Worker finds in workerd and not in Node, for the benches that run its bundle in
 * Node (cpu-harness.ts, startup-node.ts).
 */
import { timingSafeEqual } from "node:crypto";

/** workerd's non-standard WebCrypto extra, which the Worker compares tokens with. */
export function addTimingSafeEqual(): void {
  (crypto.subtle as unknown as Record<string, unknown>).timingSafeEqual ??= (
    a: ArrayBufferView,
    b: ArrayBufferView,
  ) => timingSafeEqual(a as Uint8Array, b as Uint8Array);
}

/**
 * workerd's `navigator.userAgent`. zod reads it: in Workers, which forbid code generation
 * from strings, it parses every schema by walking it; elsewhere it compiles an object
 * schema's parser with `new Function` on first use, slower that once and faster after. With
 * this, zod in Node parses as it does in production. Call before the Worker's first request
 * (zod asks once per process).
 */
export function zodAsInWorkers(): void {
  Object.defineProperty(globalThis, "navigator", {
    value: { userAgent: "Cloudflare-Workers" },
    configurable: true,
    writable: true,
  });
}
