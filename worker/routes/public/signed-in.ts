/**
 * A comment from a signed-in user of the site (single sign-on, docs/single-sign-on.md): the
 * payload names the author, instead of the name and email a reader types. The verifying
 * code (domain/sso-token.ts) is loaded on the first such post, so the posting path of sites
 * without single sign-on carries none of it.
 */
import type { Site } from "../../domain/site";
import { ssoRefused } from "../../errors";
import type { NewComment } from "../../schemas/reader";

export interface SignedIn {
  userId: string;
  /** The comment as the pipeline reads it: its author is the payload's user. */
  comment(submitted: NewComment): NewComment;
  /** Refuses (401, or 403 where the site has no SSO secret) unless the site's secret signed it, for this site, in date. */
  verify(site: Site, now: Date): Promise<void>;
}

/** The payload read (not yet believed): a malformed one is refused at once. */
export async function readSignedIn(token: string): Promise<SignedIn> {
  const { readSsoPayload, verifySsoPayload } = await import("../../domain/sso-token");
  const payload = readSsoPayload(token);
  if (typeof payload === "string") throw ssoRefused(payload);
  const { claims } = payload;
  return {
    userId: claims.sub,
    comment: (submitted) => ({
      ...submitted,
      author: { name: claims.name, email: claims.email, website: claims.profile ?? null },
      // The payload says who the author is; a reader token adds nothing to it.
      readerToken: undefined,
      // Mail needs an address, which only the site can give.
      notify: claims.email ? submitted.notify : undefined,
    }),
    async verify(site, now) {
      const refusal = await verifySsoPayload(
        payload,
        { id: site.id, ssoSecret: site.settings.ssoSecret },
        now,
      );
      if (refusal) throw ssoRefused(refusal);
    },
  };
}
