/**
 * Cusdis's SQLite database (the file its `DB_URL` names; Cusdis has no export, so the
 * database is the export). `pages` holds each page: `slug` is the id the site gave it
 * (`data-page-id`), `url` and `title` are optional. `comments` names its page (`pageId`)
 * and its direct parent (`parentId`, nesting unlimited); bodies are Markdown; `approved` is
 * a boolean (false: waiting for moderation); `deletedAt` marks a soft delete;
 * `moderatorId` is set on replies the owner wrote from the dashboard. Prisma writes times
 * as epoch milliseconds; rows filled by SQLite's CURRENT_TIMESTAMP hold UTC text. Column
 * names mix camelCase and snake_case. One database can serve several sites ("projects").
 */
import type { Database } from "sql.js";
import * as z from "zod";
import { assemblePageComments, type PageComment } from "./assemble";
import { ImportFormatError } from "./errors";
import { readAuthor } from "./fields";
import { htmlToPlainText } from "./html-to-markdown";
import type { PageMap } from "./pages";
import { field, readRecords } from "./record-fields";
import { selectRows, tableColumns } from "./sqlite";
import { readTime } from "./times";
import type { ImportResult } from "./types";

export interface CusdisImportOptions {
  pageMap?: PageMap;
  /** The project (site) to import when the database holds several; its id or title. */
  project?: string;
}

const cusdisCommentSchema = z.object({
  id: field.id,
  parentId: field.reference,
  slug: field.text,
  url: field.text,
  title: field.text,
  by_nickname: field.text,
  by_email: field.text,
  content: field.text,
  approved: field.flag,
  deletedAt: field.time,
  created_at: field.time,
});
type CusdisComment = z.infer<typeof cusdisCommentSchema>;

/** Cusdis's `pages` (with `slug`) and `comments` (with `by_nickname`) tables. */
export function isCusdisDatabase(database: Database): boolean {
  return (
    tableColumns(database, "pages").has("slug") &&
    tableColumns(database, "comments").has("by_nickname")
  );
}

export function parseCusdisDatabase(
  database: Database,
  options: CusdisImportOptions = {},
): ImportResult {
  const projectId = chooseProject(database, options.project);
  const rows = selectRows(
    database,
    `SELECT comments.*, pages.slug AS slug, pages.url AS url, pages.title AS title
       FROM comments JOIN pages ON pages.id = comments."pageId"
      WHERE pages."projectId" = '${projectId.replace(/'/g, "''")}'
      ORDER BY comments.created_at, comments.id`,
  );
  const records = readRecords(cusdisCommentSchema, rows, "Comment");
  return assemblePageComments(
    records.map((record) => readComment(record, options.pageMap)),
    options.pageMap,
  );
}

/**
 * The one project with pages, or the one the owner named: a Parley site is one Cusdis
 * project, and mixing two sites' pages in one import would merge unrelated threads.
 */
function chooseProject(database: Database, wanted: string | undefined): string {
  const hasProjects = tableColumns(database, "projects").has("id");
  const projects = selectRows(
    database,
    hasProjects
      ? `SELECT DISTINCT pages."projectId" AS id, projects.title AS title
           FROM pages LEFT JOIN projects ON projects.id = pages."projectId" ORDER BY 1`
      : `SELECT DISTINCT "projectId" AS id, NULL AS title FROM pages ORDER BY 1`,
  ).map((row) => ({ id: String(row.id), title: row.title === null ? "" : String(row.title) }));
  if (wanted !== undefined) {
    const chosen = projects.find((project) => project.id === wanted || project.title === wanted);
    if (chosen) return chosen.id;
    throw new ImportFormatError(`The database has no Cusdis project "${wanted}".`);
  }
  if (projects.length <= 1) return projects[0]?.id ?? "";
  const names = projects.map((project) => `${project.id} (${project.title || "untitled"})`);
  throw new ImportFormatError(
    `The database holds ${projects.length} Cusdis projects (sites): ${names.join(", ")}. ` +
      "Choose one with --project <id or title>.",
  );
}

/**
 * The page by the owner's map when it names the slug; otherwise by its URL, which keys the
 * way Parley's widget keys pages by default, and by the slug when Cusdis has no URL.
 */
function pageIdentity(record: CusdisComment, pageMap: PageMap | undefined): string {
  if (pageMap?.has(record.slug.trim())) return record.slug;
  return record.url.trim() || record.slug;
}

function readComment(record: CusdisComment, pageMap: PageMap | undefined): PageComment {
  const sourceId = `cusdis:${record.id}`;
  const page = pageIdentity(record, pageMap);
  const title = htmlToPlainText(record.title) || null;
  // Prisma's epoch milliseconds, or CURRENT_TIMESTAMP's text, which is UTC (no --timezone).
  const createdAt = readTime(record.created_at);
  if (!createdAt) return { sourceId, page, title, comment: "no-date" };
  const isDeleted = record.deletedAt !== null && record.deletedAt !== undefined;
  const deletedAt = isDeleted ? (readTime(record.deletedAt) ?? createdAt) : null;
  const body = record.content.trim();
  if (body === "" && !deletedAt) return { sourceId, page, title, comment: "empty-body" };
  return {
    sourceId,
    page,
    title,
    comment: {
      sourceId,
      parentSourceId: record.parentId === null ? null : `cusdis:${record.parentId}`,
      // Cusdis asks for no website and stores no network address.
      ...readAuthor(record.by_nickname, record.by_email, "", ""),
      body,
      createdAt,
      status: record.approved ? "approved" : "pending",
      ...(deletedAt ? { deletedAt } : {}),
    },
  };
}
