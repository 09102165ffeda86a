/**
 * workerd's V8 inspector (bench/server.ts `inspectorPort`), used for one thing: a full
 * garbage collection in every isolate before memory is read.
 *
 * Why: workerd runs about ten isolates here (the Worker, and Miniflare's D1 and cache
 * layers), and V8 collects each lazily, so the process's resident memory climbs under load
 * and falls back when they collect — measured: 410 MB before, 236 MB after, the Worker's own
 * heap 5 MB. Memory read after a forced collection is memory something still holds.
 *
 * workerd does not answer `HeapProfiler.collectGarbage`; a heap snapshot starts with a full
 * collection, so one is taken and its chunks thrown away.
 */
import { WebSocket, type MessageEvent } from "undici";

const answerTimeoutMs = 60_000;

interface Target {
  id: string;
  webSocketDebuggerUrl: string;
}

/** Sends inspector commands over one socket; each resolves with its answer's `result`. */
async function session(url: string) {
  const socket = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener("open", () => resolve(), { once: true });
    socket.addEventListener("error", () => reject(new Error(`inspector: cannot open ${url}`)), {
      once: true,
    });
  });
  let lastId = 0;
  const call = (method: string, params: object = {}) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const id = (lastId += 1);
      const timer = setTimeout(() => {
        socket.removeEventListener("message", onMessage);
        reject(new Error(`inspector: no answer to ${method} from ${url}`));
      }, answerTimeoutMs);
      // workerd's answer to a snapshot echoes its method; snapshot chunks carry no id.
      function onMessage(event: MessageEvent) {
        const message = JSON.parse(String(event.data)) as { id?: number; result?: object };
        if (message.id !== id) return;
        clearTimeout(timer);
        socket.removeEventListener("message", onMessage);
        resolve({ ...message.result });
      }
      socket.addEventListener("message", onMessage);
      socket.send(JSON.stringify({ id, method, params }));
    });
  return { call, close: () => socket.close() };
}

/**
 * Collects garbage in every isolate, one after another; returns each isolate's JS heap in
 * use afterwards, in bytes, by its inspector id (the Worker's is `core:user:parley`).
 */
export async function collectGarbage(port: number): Promise<Map<string, number>> {
  const res = await fetch(`http://127.0.0.1:${port}/json/list`);
  const targets = (await res.json()) as Target[];
  const heaps = new Map<string, number>();
  for (const target of targets) {
    const inspector = await session(target.webSocketDebuggerUrl);
    try {
      await inspector.call("HeapProfiler.takeHeapSnapshot", { reportProgress: false });
      const usage = await inspector.call("Runtime.getHeapUsage");
      heaps.set(target.id, Number(usage.usedSize ?? 0));
    } finally {
      inspector.close();
    }
  }
  return heaps;
}
