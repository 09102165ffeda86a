/**
 * A worked example: a Worker on your site's route (blog.example.com/*) that serves the
 * pages from your origin with Parley's comments already in them. wrangler.toml:
 *
 *   name = "blog-with-comments"
 *   main = "example.ts"
 *   compatibility_date = "2026-04-01"
 *   routes = [{ pattern = "blog.example.com/*", zone_name = "example.com" }]
 *   services = [{ binding = "PARLEY", service = "parley" }]   # optional: a service binding
 *   [vars]
 *   PARLEY_URL = "https://comments.example.com"
 *   PARLEY_SITE = "blog"
 */
import { includeComments } from "./include";

interface Env {
  PARLEY_URL: string;
  PARLEY_SITE: string;
  PARLEY?: { fetch(request: Request): Promise<Response> };
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    // Only article pages have comments; everything else passes straight through.
    const url = new URL(request.url);
    if (!url.pathname.startsWith("/posts/")) return fetch(request);
    return includeComments(request, fetch(request), {
      parley: env.PARLEY_URL,
      site: env.PARLEY_SITE,
      service: env.PARLEY,
    });
  },
};
