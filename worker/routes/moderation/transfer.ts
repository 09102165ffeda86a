/**
 * Moving in and out: imports in Parley's format (other systems' exports are converted to it
 * by `npm run import`, importers/), and the full JSON export.
 */
import { declare, type DeclaredRouter, type Handler } from "../declare";
import type { CommentRecord } from "../../domain/comment";
import type { Keys } from "../../domain/keys";
import type { Site } from "../../domain/site";
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
  const body = exportStream(databaseOf(c.env, site.id), c.get("keys"), site);
  const date = new Date().toISOString().slice(0, 10);
  return c.body(body, 200, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Disposition": `attachment; filename="parley-${site.id}-${date}.json"`,
  });
};

/** The export as it is sent: a page of threads at a time, so a large site never sits in memory whole. */
function exportStream(db: Database, keys: Keys, site: Site): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const threadsPerPage = 50;
  let afterId = 0;
  let first = true;
  return new ReadableStream<Uint8Array>({
    start(controller) {
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
      controller.enqueue(encoder.encode(`${JSON.stringify(header).slice(0, -1)},"threads":[`));
    },
    async pull(controller) {
      const page = await loadExportPage(db, site.id, afterId, threadsPerPage);
      for (const thread of page) {
        const json = JSON.stringify(await toExportThread(keys, thread));
        controller.enqueue(encoder.encode(first ? json : `,${json}`));
        first = false;
      }
      if (page.length < threadsPerPage) {
        controller.enqueue(encoder.encode("]}"));
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
  };
}
