/**
 * Tells Akismet when a moderator disagreed with it: submit-spam for a comment it let
 * through and a moderator marked spam, submit-ham for one it flagged and a moderator
 * approved. Runs after the response (waitUntil) and never throws: the decision is stored
 * already, and Akismet being away must not change that.
 */
import * as z from "zod";
import { akismetCommentOf, submitCorrection, type AkismetContext } from "../clients/akismet";
import type { CommentStatus } from "../domain/comment";
import type { Keys } from "../domain/keys";
import { openEmail } from "../domain/privacy";
import type { Site } from "../domain/site";
import type { AkismetReviewed } from "../storage/status-change";
import { getSite } from "../storage/sites";
import type { Database } from "../storage/database";

const contextSchema = z.object({
  userIp: z.string(),
  userAgent: z.string().nullable(),
  referrer: z.string().nullable(),
}) satisfies z.ZodType<AkismetContext>;

export async function reportToAkismet(
  db: Database,
  keys: Keys,
  key: string | undefined,
  reviewed: AkismetReviewed[],
  status: CommentStatus,
): Promise<void> {
  if (!key) return;
  const sites = new Map<string, Promise<Site | null>>();
  for (const comment of reviewed) {
    const flagged = comment.reasons.includes("akismet");
    const correction =
      status === "spam" && !flagged ? "spam" : status === "approved" && flagged ? "ham" : null;
    if (!correction || !comment.pageUrl) continue;
    try {
      if (!sites.has(comment.siteId)) sites.set(comment.siteId, getSite(db, comment.siteId));
      const site = await sites.get(comment.siteId)!;
      const context = contextSchema.parse(JSON.parse(await keys.decrypt(comment.akismetContext)));
      const page = new URL(comment.pageUrl);
      await submitCorrection(
        correction,
        key,
        akismetCommentOf({
          blog: page.origin,
          context,
          permalink: page.href,
          isReply: comment.parentId !== null,
          authorName: comment.authorName,
          email: site?.settings.akismetSendEmail
            ? await openEmail(keys, comment.emailEncrypted)
            : null,
          website: comment.authorWebsite,
          body: comment.body,
          createdAt: comment.createdAt,
        }),
      );
    } catch (error) {
      console.warn(
        `akismet: reporting ${comment.id} failed: ${error instanceof Error ? error.name : "error"}`,
      );
    }
  }
}
