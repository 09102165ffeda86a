/** A fuzzed request sent to the Worker in workerd, and its answer read whole. */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import worker from "../../worker/index";
import type { Answer } from "./contract";
import type { FuzzRequest } from "./requests";

export async function send(request: FuzzRequest): Promise<Answer> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
    }),
    env,
    ctx,
  );
  const text = await res.text();
  // What runs after the answer (mail, webhooks) is part of the request too.
  await waitOnExecutionContext(ctx);
  return {
    status: res.status,
    contentType: res.headers.get("Content-Type") ?? "",
    headers: res.headers,
    text,
  };
}
