/**
 * `npm run bench:reader-mail` (about a minute; `-- --requests N`, default 1,500 of each kind):
 * does the time of `POST /api/readers/mail` tell whether an address gets a mail? The route
 * runs the same statements whatever the address (storage/readers.ts), so an observer must
 * not be able to tell, from the answer's time, an address that was mailed in the last hour
 * (the request is written, no mail queued) from a new one (written, and a mail queued).
 *
 * One server (server.ts: the bundle on workerd through Miniflare, D1 on disk), one site
 * that sends mail through Resend, whose API is answered at once by Miniflare's outbound
 * service (no delivery time weighs on either kind). The two kinds take turns in a shuffled
 * order, one request at a time, each from a network of its own (no 429). Reported: median
 * and p90 of each kind, their ratio, and the same ratio between the two halves of the
 * mailed kind: the noise floor the first ratio is read against.
 */
import path from "node:path";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { percentile } from "./latency";
import { writeSection } from "./results";
import { origin, putBenchSite, site } from "./seed";
import { startServer } from "./server";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const at = process.argv.indexOf("--requests");
const perKind = at >= 0 ? Number(process.argv[at + 1]) : 1500;

type Kind = "mailed before" | "new address";

let network = 0;
/** A network of its own for each request: 10.x.y.z, so the five-an-hour limit never answers. */
const nextNetwork = () => {
  network += 1;
  return `10.${(network >> 16) & 255}.${(network >> 8) & 255}.${network & 255}`;
};

function shuffled<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

const median = (sorted: number[]) => percentile(sorted, 50);
const sortedCopy = (values: number[]) => [...values].sort((a, b) => a - b);

async function main(): Promise<void> {
  const loadBefore = loadavg();
  const server = await startServer(root, {
    bindings: { RESEND_API_KEY: "re_bench", PUBLIC_URL: "https://comments.example" },
    outboundService: () => Response.json({ id: "bench" }),
  });
  try {
    await putBenchSite(server.url, { mailFrom: "comments@blog.example", minSubmitSeconds: 0 });
    const ask = async (email: string): Promise<number> => {
      const started = performance.now();
      const res = await fetch(new URL("/api/readers/mail", server.url), {
        method: "POST",
        headers: { "Content-Type": "application/json", "CF-Connecting-IP": nextNetwork() },
        body: JSON.stringify({ site, email, purpose: "verify", page: `${origin}/post` }),
      });
      await res.arrayBuffer();
      const elapsed = performance.now() - started;
      if (res.status !== 202) throw new Error(`reader mail answered ${res.status}`);
      return elapsed;
    };

    // Addresses mailed within the hour: each asked once now, so every timed request of
    // theirs is the one that queues nothing.
    const known = Array.from({ length: 20 }, (_, i) => `known-${i}@readers.example`);
    for (const email of known) await ask(email);
    // Warm up both paths before anything is timed.
    for (let i = 0; i < 20; i++) {
      await ask(known[i % known.length]!);
      await ask(`warm-${i}@readers.example`);
    }

    const order = shuffled<Kind>([
      ...Array<Kind>(perKind).fill("mailed before"),
      ...Array<Kind>(perKind).fill("new address"),
    ]);
    const times: Record<Kind, number[]> = { "mailed before": [], "new address": [] };
    let newAddresses = 0;
    for (const [i, kind] of order.entries()) {
      const email =
        kind === "mailed before"
          ? known[i % known.length]!
          : `new-${(newAddresses += 1)}-${Date.now()}@readers.example`;
      times[kind].push(await ask(email));
    }

    const mailed = sortedCopy(times["mailed before"]);
    const unmailed = sortedCopy(times["new address"]);
    const firstHalf = sortedCopy(times["mailed before"].filter((_, i) => i % 2 === 0));
    const secondHalf = sortedCopy(times["mailed before"].filter((_, i) => i % 2 === 1));
    const ms = (value: number) => value.toFixed(2);
    const ratio = median(unmailed) / median(mailed);
    const floor = median(secondHalf) / median(firstHalf);
    const markdown = [
      "## Reader mail: does the answer's time tell a known address? (`npm run bench:reader-mail`)",
      "",
      `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus()[0]?.model ?? "?"} × ${cpus().length}, Node ${process.version}; load average before: ${loadBefore.map((l) => l.toFixed(2)).join(", ")}.`,
      `${perKind} requests of each kind in a shuffled order, one at a time, each from its own network; Resend answered at once by the local outbound service.`,
      "",
      "| kind | median ms | p90 ms |",
      "| --- | ---: | ---: |",
      `| an address mailed within the hour (nothing queued) | ${ms(median(mailed))} | ${ms(percentile(mailed, 90))} |`,
      `| a new address (a mail queued) | ${ms(median(unmailed))} | ${ms(percentile(unmailed, 90))} |`,
      "",
      `Median ratio, new ÷ mailed: **${ratio.toFixed(3)}**; between two halves of the mailed kind (the noise floor): ${floor.toFixed(3)}.`,
    ].join("\n");
    console.log(markdown);
    await writeSection(path.join(root, "bench/RESULTS.md"), markdown, "reader-mail");
  } finally {
    await server.close();
  }
}

await main();
