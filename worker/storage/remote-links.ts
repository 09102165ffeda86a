/**
 * Pages linked to their posts elsewhere (remote_links), and what a pull of their replies
 * writes: the new comments, the changed ones, the removed ones and the link's state, in one
 * batch, so a pull is stored whole or not at all.
 */
import type { Actor } from "../domain/actor";
import type { PullPlan, SourcedComment } from "../domain/remote-replies";
import type { RemoteKind, SourceKind } from "../domain/remote-source";
import { logEntry } from "./audit-log";
import { columns } from "./columns";
import { commentColumns, deleteCommentStatements, insertComments } from "./comments";
import { heldNotices } from "./outbox";
import type { Database } from "./database";

/** A page's link to one post, as stored. */
export interface RemoteLink {
  threadId: number;
  siteId: string;
  threadKey: string;
  kind: RemoteKind;
  url: string;
  apiHost: string;
  remoteId: string;
  linkedAt: string;
  pulledAt: string | null;
  state: "active" | "gone";
  lastError: string | null;
}

const linkColumns = columns<RemoteLink>({
  threadId: { column: "thread_id", sql: "l.thread_id" },
  siteId: { column: "site_id", sql: "l.site_id" },
  threadKey: { column: "thread_key", sql: "t.key" },
  kind: { column: "kind", sql: "l.kind" },
  url: { column: "url", sql: "l.url" },
  apiHost: { column: "api_host", sql: "l.api_host" },
  remoteId: { column: "remote_id", sql: "l.remote_id" },
  linkedAt: { column: "linked_at", sql: "l.linked_at" },
  pulledAt: { column: "pulled_at", sql: "l.pulled_at" },
  state: { column: "state", sql: "l.state" },
  lastError: { column: "last_error", sql: "l.last_error" },
});
const linkList = linkColumns.list();
const fromLinks = `remote_links l JOIN threads t ON t.id = l.thread_id`;

export interface NewRemoteLink {
  siteId: string;
  threadKey: string;
  kind: RemoteKind;
  url: string;
  apiHost: string;
  remoteId: string;
}

/**
 * Links a page (making its thread if nobody has commented yet) to a post, replacing its
 * earlier link to the same network; answers the page's links.
 */
export async function linkPage(
  db: Database,
  link: NewRemoteLink,
  actor: Actor,
  at: string,
): Promise<RemoteLink[]> {
  const results = await db.batch([
    db
      .prepare(
        `INSERT INTO threads (site_id, key, created_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (site_id, key) DO NOTHING`,
      )
      .bind(link.siteId, link.threadKey, at),
    db
      .prepare(
        `INSERT INTO remote_links (thread_id, site_id, kind, url, api_host, remote_id, linked_at)
         SELECT id, site_id, ?3, ?4, ?5, ?6, ?7 FROM threads WHERE site_id = ?1 AND key = ?2
         ON CONFLICT (thread_id, kind) DO UPDATE SET url = excluded.url,
           api_host = excluded.api_host, remote_id = excluded.remote_id,
           linked_at = excluded.linked_at, pulled_at = NULL, state = 'active', last_error = NULL`,
      )
      .bind(link.siteId, link.threadKey, link.kind, link.url, link.apiHost, link.remoteId, at),
    logEntry(
      db,
      { siteId: link.siteId, action: "link-remote", detail: `${link.threadKey} → ${link.url}`, at },
      actor,
    ),
    selectPageLinks(db, link.siteId, link.threadKey),
  ]);
  return linkColumns.all(results.at(-1));
}

/**
 * Unlinks a page from its post on one network. The replies pulled so far stay: they are
 * comments of the page now, which moderators remove one by one if they want them gone.
 */
export async function unlinkPage(
  db: Database,
  page: { siteId: string; threadKey: string; kind: RemoteKind },
  actor: Actor,
  at: string,
): Promise<RemoteLink[]> {
  const results = await db.batch([
    db
      .prepare(
        `DELETE FROM remote_links WHERE kind = ?3
           AND thread_id = (SELECT id FROM threads WHERE site_id = ?1 AND key = ?2)`,
      )
      .bind(page.siteId, page.threadKey, page.kind),
    logEntry(
      db,
      {
        siteId: page.siteId,
        action: "unlink-remote",
        detail: `${page.threadKey} (${page.kind})`,
        at,
      },
      actor,
    ),
    selectPageLinks(db, page.siteId, page.threadKey),
  ]);
  return linkColumns.all(results.at(-1));
}

function selectPageLinks(db: Database, siteId: string, key: string) {
  return db
    .prepare(
      `SELECT ${linkList} FROM ${fromLinks} WHERE t.site_id = ?1 AND t.key = ?2 ORDER BY l.kind`,
    )
    .bind(siteId, key);
}

export async function listPageLinks(db: Database, siteId: string, key: string) {
  return linkColumns.all(await selectPageLinks(db, siteId, key).all());
}

/**
 * The links a scheduled run may pull: active, linked within their site's
 * `remoteRepliesDays` (0 turns scheduled pulls off), the longest unpulled first, so a run
 * whose budget ends early leaves the others first in line for the next.
 */
export async function dueLinks(
  db: Database,
  now: string,
  defaultDays: number,
  limit: number,
): Promise<RemoteLink[]> {
  const result = await db
    .prepare(
      `SELECT ${linkList} FROM ${fromLinks} JOIN sites s ON s.id = l.site_id
       WHERE l.state = 'active'
         AND COALESCE(json_extract(s.settings, '$.remoteRepliesDays'), ?2) > 0
         AND l.linked_at >= strftime('%Y-%m-%dT%H:%M:%fZ', ?1,
               '-' || COALESCE(json_extract(s.settings, '$.remoteRepliesDays'), ?2) || ' days')
       ORDER BY l.pulled_at IS NOT NULL, l.pulled_at
       LIMIT ?3`,
    )
    .bind(now, defaultDays, limit)
    .all();
  return linkColumns.all(result);
}

const sourcedColumns = commentColumns.pick(
  "id",
  "parentId",
  "rootId",
  "depth",
  "status",
  "authorName",
  "authorWebsite",
  "body",
  "deletedAt",
  "sourceId",
);

/**
 * The comments a post's replies made in its page's thread, or the one a Webmention's
 * source made (`sourceId`), through comments_by_source.
 */
export async function sourcedComments(
  db: Database,
  threadId: number,
  kind: SourceKind,
  sourceId?: string,
): Promise<SourcedComment[]> {
  const result = await db
    .prepare(
      `SELECT ${sourcedColumns.list()} FROM comments
       WHERE thread_id = ?1 AND source_kind = ?2 AND source_id IS NOT NULL
         ${sourceId === undefined ? "" : "AND source_id = ?3"}`,
    )
    .bind(threadId, kind, ...(sourceId === undefined ? [] : [sourceId]))
    .all();
  return sourcedColumns.all(result);
}

/** A pull's changes, and the link's state after it, in one transaction. */
export async function writePull(
  db: Database,
  link: Pick<RemoteLink, "threadId" | "siteId" | "kind">,
  plan: PullPlan,
  at: string,
): Promise<void> {
  await db.batch([
    ...sourcedStatements(db, link, plan, at),
    settleLink(db, link, { pulledAt: at, state: "active", lastError: null }),
  ]);
}

/**
 * What a plan of comments from elsewhere writes (a pull's, a Webmention's): new comments
 * (one already there, from a racing pull, is skipped by the unique source index), held
 * notices for the new held ones, the changed texts and the removals.
 */
export function sourcedStatements(
  db: Database,
  into: { threadId: number; siteId: string },
  plan: PullPlan,
  at: string,
): D1PreparedStatement[] {
  const statements: D1PreparedStatement[] = [];
  if (plan.inserts.length > 0) {
    statements.push(
      insertComments(
        db,
        plan.inserts.map((comment) => ({
          ...comment,
          heldNoticeAt: comment.status === "pending" ? at : null,
        })),
        { siteId: into.siteId, threadId: into.threadId, ignoreExisting: true },
      ),
    );
    const held = plan.inserts.filter((comment) => comment.status === "pending");
    if (held.length > 0)
      statements.push(
        heldNotices(
          db,
          held.map((comment) => comment.id),
          at,
        ),
      );
  }
  if (plan.updates.length > 0) {
    statements.push(
      db
        .prepare(
          `UPDATE comments SET
             author_name = j.value ->> '$.authorName', author_website = j.value ->> '$.authorWebsite',
             body = j.value ->> '$.body', html = j.value ->> '$.html', status = j.value ->> '$.status',
             reasons = COALESCE(j.value ->> '$.reasons', comments.reasons),
             edited_at = j.value ->> '$.editedAt'
           FROM json_each(?1) j
           WHERE comments.id = j.value ->> '$.id' AND comments.thread_id = ?2`,
        )
        .bind(
          JSON.stringify(
            plan.updates.map((update) => ({
              ...update,
              reasons: update.reasons && JSON.stringify(update.reasons),
            })),
          ),
          into.threadId,
        ),
    );
  }
  for (const removal of plan.removals) statements.push(...deleteCommentStatements(db, removal, at));
  return statements;
}

/** What became of a pull that stored nothing: the post is gone, or the pull failed. */
export async function markLink(
  db: Database,
  link: Pick<RemoteLink, "threadId" | "kind">,
  state: { pulledAt: string; state: RemoteLink["state"]; lastError: string | null },
): Promise<void> {
  await settleLink(db, link, state).run();
}

function settleLink(
  db: Database,
  link: Pick<RemoteLink, "threadId" | "kind">,
  state: { pulledAt: string; state: RemoteLink["state"]; lastError: string | null },
) {
  return db
    .prepare(
      `UPDATE remote_links SET pulled_at = ?3, state = ?4, last_error = ?5
       WHERE thread_id = ?1 AND kind = ?2`,
    )
    .bind(link.threadId, link.kind, state.pulledAt, state.state, state.lastError);
}
