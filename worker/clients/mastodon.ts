/**
 * Mastodon's public API, unauthenticated, as any logged-out visitor of the instance reads
 * it: `GET /api/v1/statuses/:id/context` answers a status's ancestors and descendants
 * (https://docs.joinmastodon.org/methods/statuses/#context). Without a token an instance
 * answers at most 60 descendants, 20 levels deep: a longer discussion is cut there, so
 * `complete` says whether a reply missing from the answer was really removed.
 */
import * as z from "zod";
import { boundedGet, type FetchLimits } from "./bounded-fetch";
import type { RemoteReply } from "../domain/remote-replies";
import { escapeMarkdownText, mastodonHtmlToMarkdown } from "../domain/remote-markdown";

/** Mastodon's cap on an unauthenticated context's descendants. */
export const unauthenticatedDescendants = 60;

const statusSchema = z.object({
  id: z.string().max(64),
  in_reply_to_id: z.string().max(64).nullable().optional(),
  created_at: z.string().max(64),
  edited_at: z.string().max(64).nullable().optional(),
  visibility: z.string().max(32),
  uri: z.string().max(2048),
  url: z.string().max(2048).nullable().optional(),
  content: z.string(),
  spoiler_text: z.string().optional().default(""),
  account: z.object({
    acct: z.string().max(512),
    display_name: z.string().max(512).optional().default(""),
    url: z.string().max(2048),
  }),
});

const contextSchema = z.object({
  ancestors: z.array(z.unknown()),
  descendants: z.array(z.unknown()),
});

export type PullAnswer =
  | { outcome: "replies"; replies: RemoteReply[]; complete: boolean }
  /** The post itself is gone (404/410): it is not asked for again. */
  | { outcome: "gone" }
  | { outcome: "failed"; problem: string };

export async function fetchMastodonReplies(
  host: string,
  statusId: string,
  limits: FetchLimits,
): Promise<PullAnswer> {
  const answer = await boundedGet(
    `https://${host}/api/v1/statuses/${encodeURIComponent(statusId)}/context`,
    limits,
  );
  if (!answer.ok) {
    if (answer.status === 404 || answer.status === 410) return { outcome: "gone" };
    return { outcome: "failed", problem: answer.problem };
  }
  let context: z.infer<typeof contextSchema>;
  try {
    context = contextSchema.parse(JSON.parse(answer.text));
  } catch {
    return { outcome: "failed", problem: "malformed" };
  }
  const replies: RemoteReply[] = [];
  for (const item of context.descendants) {
    // One malformed status costs that status, not the pull.
    const parsed = statusSchema.safeParse(item);
    if (!parsed.success) continue;
    const status = parsed.data;
    // Public only: an unlisted, followers-only or direct reply was not written for a page.
    if (status.visibility !== "public") continue;
    const original = httpUrl(status.url) ?? httpUrl(status.uri);
    const profile = httpUrl(status.account.url);
    if (!original) continue;
    const spoiler = status.spoiler_text.trim();
    replies.push({
      remoteId: status.id,
      parentRemoteId: status.in_reply_to_id === statusId ? null : (status.in_reply_to_id ?? null),
      authorName: status.account.display_name.trim() || status.account.acct,
      profileUrl: profile,
      originalUrl: original,
      createdAt: status.created_at,
      editedAt: status.edited_at ?? null,
      body: [
        spoiler ? `**${escapeMarkdownText(spoiler)}**` : "",
        mastodonHtmlToMarkdown(status.content),
      ]
        .filter(Boolean)
        .join("\n\n"),
    });
  }
  return {
    outcome: "replies",
    replies,
    complete: context.descendants.length < unauthenticatedDescendants,
  };
}

/** An absolute http(s) URL, or null. */
export function httpUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}
