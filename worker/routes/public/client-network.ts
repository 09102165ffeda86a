/**
 * Who is asking, as the public writes know them: the client address Cloudflare puts in
 * `CF-Connecting-IP` (X-Forwarded-For and friends are never read), and its network's keyed
 * hash, the key of every attempt limit and network ban.
 */
import type { Context } from "hono";
import { hashNetwork } from "../../domain/privacy";
import type { AppEnv } from "../../env";

export function clientAddress(c: Context<AppEnv>): string | null {
  return c.req.header("CF-Connecting-IP") ?? null;
}

/** Requests without an address (never the case behind Cloudflare) share one network. */
export function clientNetworkHash(c: Context<AppEnv>): Promise<string> {
  return hashNetwork(c.get("keys"), clientAddress(c) ?? "unknown");
}
