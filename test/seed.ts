/**
 * Seeds a site through the Worker's own import endpoint (emails sealed, bodies rendered),
 * for the tests that need threads far larger than posting one by one allows.
 */
import { importBody, seedThread, type SeedThread } from "../bench/seed-data";
import { asModerator, call, createSite, origin } from "./helpers";

export async function importThreads(site: string, threads: SeedThread[]): Promise<void> {
  const res = await call(
    `/api/mod/import?site=${site}&format=parley`,
    asModerator({
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: importBody(threads),
    }),
  );
  if (res.status !== 200) throw new Error(`import failed: ${res.status} ${await res.text()}`);
}

/**
 * A site with a small thread (`/small`, 20 comments), a hot one (`/hot`, 2,000 comments
 * with replies six deep) and 100 pending comments on the hot page. Moderation is off and
 * the rate limits generous, so tests can post freely.
 */
export async function seedLargeSite(): Promise<string> {
  const site = await createSite({
    moderation: "none",
    maxDepth: 10,
    rateLimitPerMinute: 1000,
    rateLimitPerDay: 10000,
    minSubmitSeconds: 0,
  });
  const start = new Date("2026-01-01T00:00:00.000Z");
  await importThreads(site, [
    seedThread({ key: "/small", origin, count: 20, start }),
    seedThread({ key: "/hot", origin, count: 2000, start }),
  ]);
  await importThreads(site, [
    seedThread({ key: "/hot", origin, count: 100, start, status: "pending", idOffset: 5000 }),
  ]);
  return site;
}
