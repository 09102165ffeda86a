/**
 * The two outside opinions a post may need (Turnstile, Akismet), as functions the posting
 * pipeline (domain/posting.ts) calls only once every free rule has passed.
 */
import type { Context } from "hono";
import { akismetCommentOf, checkComment, type AkismetContext } from "../../clients/akismet";
import { verifyTurnstile } from "../../clients/turnstile";
import type { OutsideOpinions } from "../../domain/posting";
import { normalizeEmail } from "../../domain/privacy";
import type { Site } from "../../domain/site";
import type { AppEnv } from "../../env";
import { ApiError } from "../../errors";
import type { NewComment } from "../../schemas/reader";

/**
 * The two outside opinions, asked by the pipeline only once the free rules have passed.
 * Turnstile fails closed (its secret missing is the owner's error, answered as such);
 * Akismet never blocks: without a key or an address it is "unavailable", and what it was
 * told is kept, sealed, so a moderator's correction can be reported back.
 */
export function outsideOpinions(
  c: Context<AppEnv>,
  site: Site,
  input: NewComment,
  address: string | null,
  now: Date,
) {
  const outside: { opinions: OutsideOpinions; sentToAkismet: AkismetContext | null } = {
    sentToAkismet: null,
    opinions: {
      turnstile: async () => askTurnstile(c, site, input, address),
      akismet: async () => {
        const key = c.env.AKISMET_KEY;
        if (!key || !address) {
          if (!key)
            console.warn(`akismet: site ${site.id} uses Akismet, but AKISMET_KEY is not set`);
          return "unavailable";
        }
        const context: AkismetContext = {
          userIp: address,
          userAgent: c.req.header("User-Agent") ?? null,
          referrer: c.req.header("Referer") ?? null,
        };
        outside.sentToAkismet = context;
        return askAkismet(key, context, site, input, now);
      },
    },
  };
  return outside;
}

function askTurnstile(c: Context<AppEnv>, site: Site, input: NewComment, address: string | null) {
  const secret = c.env.TURNSTILE_SECRET;
  if (!secret) {
    throw new ApiError(
      "internal",
      "Parley is not configured: this site uses Turnstile, but TURNSTILE_SECRET is not set. Set it with `wrangler secret put`.",
    );
  }
  return verifyTurnstile({
    secret,
    token: input.turnstileToken,
    remoteIp: address,
    hostnames: site.origins.map((origin) => new URL(origin).hostname),
  });
}

/** The comment as Akismet reads it; the email only where the site chose to send it. */
function askAkismet(
  key: string,
  context: AkismetContext,
  site: Site,
  input: NewComment,
  now: Date,
) {
  const pageUrl = new URL(input.page.url);
  return checkComment(
    key,
    akismetCommentOf({
      blog: pageUrl.origin,
      context,
      permalink: pageUrl.href,
      isReply: Boolean(input.parentId),
      authorName: input.author.name,
      email:
        site.settings.akismetSendEmail && input.author.email
          ? normalizeEmail(input.author.email)
          : null,
      website: input.author.website ?? null,
      body: input.body,
      createdAt: now.toISOString(),
    }),
  );
}
