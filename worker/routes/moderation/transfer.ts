/**
 * Moving in and out: imports in Parley's format (other systems' exports are converted to it
 * by `npm run import`, importers/), and the full export, as JSON or as WordPress WXR.
 */
import { declare, type DeclaredRouter, type Handler } from "../declare";
import type { CommentRecord } from "../../domain/comment";
import type { Keys } from "../../domain/keys";
import type { Context } from "hono";
import type { AppEnv } from "../../env";
import { wxrHead, wxrItem, wxrNumber, wxrTail } from "../../domain/wxr";
import { openEmail } from "../../domain/privacy";
import {
  exportFormatVersion,
  moveOffTakenIds,
  parleyExportSchema,
  type ParleyThread,
} from "../../schemas/parley-format";
import { prepareImport } from "../../domain/prepare-import";
import { exportQuerySchema, importQuerySchema, importResponseSchema } from "../../schemas/transfer";
import { loadExportPage, type ExportThread } from "../../storage/exports";
import { commentIdsOfOtherSites, writeImport } from "../../storage/imports";
import { allDatabases, databaseOf } from "../../platform/site-databases";
import type { Database } from "../../storage/database";
import { getSiteOrThrow } from "../site-lookup";
import { shownSettings } from "../../schemas/settings";

/** Moving a site in and out: the owner's. */
export function transferRoutes(api: DeclaredRouter): void {
  api.route(importSiteDeclaration, importSite);
  api.route(exportSiteDeclaration, exportSite);
  api.route(exportWxrDeclaration, exportWxr);
}

const importSiteDeclaration = declare({
  method: "post",
  path: "/import",
  owner: true,
  query: importQuerySchema,
  body: parleyExportSchema,
  wrongType:
    "Send a Parley export as application/json; `npm run import` converts WordPress and Disqus files.",
  response: importResponseSchema,
  errors: [400, 401, 403, 404, 413, 415],
});

const importSite: Handler<typeof importSiteDeclaration> = async (c, { query, body }) => {
  const db = databaseOf(c.env, query.site);
  const site = await getSiteOrThrow(db, query.site);
  const { threads } = body;
  const ids = threads.flatMap((thread) => thread.comments.map((comment) => comment.id));
  // Comment ids are unique across databases too: an id names one comment.
  const taken = new Set<string>();
  for (const other of allDatabases(c.env)) {
    for (const id of await commentIdsOfOtherSites(other, site.id, ids)) taken.add(id);
  }
  const prepared = await prepareImport(
    c.get("keys"),
    site.id,
    await moveOffTakenIds(site.id, threads, taken),
  );
  const written = await writeImport(
    db,
    site.id,
    prepared,
    c.get("actor"),
    new Date().toISOString(),
  );
  return c.json({
    threads: written.threadsCreated,
    comments: written.commentsInserted,
    skipped: prepared.orphans,
  });
};

const exportSiteDeclaration = declare({
  method: "get",
  path: "/export",
  owner: true,
  query: exportQuerySchema,
  response: parleyExportSchema,
  download: true,
  errors: [400, 401, 403, 404],
});

const exportSite: Handler<typeof exportSiteDeclaration> = async (c, { query }) => {
  const { site: siteId } = query;
  // Every reader's email is in it: the owner's alone.
  const site = await getSiteOrThrow(databaseOf(c.env, siteId), siteId);
  const keys = c.get("keys");
  const header = {
    format: "parley",
    version: exportFormatVersion,
    exportedAt: new Date().toISOString(),
    site: {
      id: site.id,
      name: site.name,
      origins: site.origins,
      settings: shownSettings(site.settings),
    },
  };
  const body = streamThreads(databaseOf(c.env, site.id), site.id, {
    head: `${JSON.stringify(header).slice(0, -1)},"threads":[`,
    thread: async (thread, first) =>
      (first ? "" : ",") + JSON.stringify(await toExportThread(keys, thread)),
    tail: "]}",
  });
  return attachment(c, body, "application/json; charset=utf-8", `parley-${site.id}`, "json");
};

const exportWxrDeclaration = declare({
  method: "get",
  path: "/export/wxr",
  owner: true,
  query: exportQuerySchema,
  page: { statuses: [200], contentType: "application/rss+xml" },
  download: true,
  errors: [400, 401, 403, 404],
});

/** The same threads as WordPress eXtended RSS, for WordPress or Disqus to import (domain/wxr.ts). */
const exportWxr: Handler<typeof exportWxrDeclaration> = async (c, { query }) => {
  const site = await getSiteOrThrow(databaseOf(c.env, query.site), query.site);
  const keys = c.get("keys");
  const home = site.origins[0] ?? "";
  const body = streamThreads(databaseOf(c.env, site.id), site.id, {
    head: wxrHead(site, new Date().toISOString()),
    thread: async (thread) => {
      const numbers = new Map<string, number>();
      for (const { id } of thread.comments) numbers.set(id, await wxrNumber(id));
      const comments = await Promise.all(
        thread.comments.map(async (comment) => ({
          comment,
          number: numbers.get(comment.id)!,
          parentNumber: comment.parentId ? (numbers.get(comment.parentId) ?? 0) : 0,
          email: await openEmail(keys, comment.emailEncrypted),
        })),
      );
      return wxrItem(thread, comments, home);
    },
    tail: wxrTail,
  });
  return attachment(c, body, "application/rss+xml; charset=utf-8", `parley-${site.id}`, "xml");
};

function attachment(
  c: Context<AppEnv>,
  body: ReadableStream<Uint8Array>,
  type: string,
  name: string,
  extension: string,
) {
  const date = new Date().toISOString().slice(0, 10);
  return c.body(body, 200, {
    "Content-Type": type,
    "Content-Disposition": `attachment; filename="${name}-${date}.${extension}"`,
  });
}

/** How an export writes itself: its opening, each thread, its end. */
interface ExportWriter {
  head: string;
  thread(thread: ExportThread, first: boolean): Promise<string>;
  tail: string;
}

/** An export as it is sent: a page of threads at a time, so a large site never sits in memory whole. */
function streamThreads(
  db: Database,
  siteId: string,
  writer: ExportWriter,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const threadsPerPage = 50;
  let afterId = 0;
  let first = true;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(writer.head));
    },
    async pull(controller) {
      const page = await loadExportPage(db, siteId, afterId, threadsPerPage);
      for (const thread of page) {
        controller.enqueue(encoder.encode(await writer.thread(thread, first)));
        first = false;
      }
      if (page.length < threadsPerPage) {
        controller.enqueue(encoder.encode(writer.tail));
        controller.close();
      } else {
        afterId = page.at(-1)!.id;
      }
    },
  });
}

async function toExportThread(keys: Keys, thread: ExportThread): Promise<ParleyThread> {
  return {
    key: thread.key,
    url: thread.url,
    title: thread.title,
    closed: thread.closed,
    createdAt: thread.createdAt,
    comments: await Promise.all(thread.comments.map((comment) => toExportComment(keys, comment))),
  };
}

async function toExportComment(keys: Keys, comment: CommentRecord) {
  return {
    id: comment.id,
    parentId: comment.parentId,
    status: comment.status,
    author: {
      name: comment.authorName,
      email: await openEmail(keys, comment.emailEncrypted),
      website: comment.authorWebsite,
    },
    body: comment.body,
    reasons: comment.reasons,
    createdAt: comment.createdAt,
    editedAt: comment.editedAt,
    deletedAt: comment.deletedAt,
    verifiedAt: comment.verifiedAt,
  };
}
