/**
 * Grows a site's archive straight in SQL, for the rows-read budgets: tens of thousands of
 * comments in a second, where the import would take minutes. Rows are shaped like the
 * bench's (seed-data.ts): families of ten — a root, a chain of five replies and four direct
 * replies — with every fourth family on `/hot`, the rest spread over `pages` pages; one
 * family in twenty waits for review, and one leaf reply in ten of the others is spam,
 * rejected or deleted. The triggers keep every stored count, as they do for posts.
 */
import { sql } from "./sql";

export const hotPage = "/hot";

/** The comment of number `n` of the archive of `prefix`: families start at multiples of 10. */
export const archiveId = (prefix: string, n: number) => `c_${prefix}_${n}`;

export async function growArchive(options: {
  site: string;
  /** Unique per site: comment ids are unique across the database. */
  prefix: string;
  from: number;
  to: number;
  pages: number;
}): Promise<void> {
  const { site, prefix, from, to, pages } = options;
  const pageOf = `CASE WHEN (n / 10) % 4 = 0 THEN '${hotPage}' ELSE '/page-' || ((n / 10) % CAST(?4 AS INTEGER)) END`;
  await sql(
    `INSERT OR IGNORE INTO threads (site_id, key, url, title, created_at, opened_at)
     WITH RECURSIVE seq(n) AS (SELECT CAST(?2 AS INTEGER) UNION ALL SELECT n + 10 FROM seq WHERE n + 10 < ?3)
     SELECT DISTINCT ?1, ${pageOf}, 'https://blog.example' || ${pageOf}, 'A post',
       '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z' FROM seq`,
    site,
    from,
    to,
    pages,
  );
  await sql(
    `INSERT INTO comments (id, site_id, thread_id, parent_id, root_id, depth, status,
       author_name, email_hash, avatar, body, html, created_at, deleted_at)
     WITH RECURSIVE seq(n) AS (SELECT CAST(?2 AS INTEGER) UNION ALL SELECT n + 1 FROM seq WHERE n + 1 < ?3),
     shaped AS (
       SELECT n, n % 10 AS i, n - n % 10 AS root, (n / 10) % 20 AS kind, ${pageOf} AS page FROM seq
     )
     SELECT 'c_' || ?5 || '_' || n, ?1,
       (SELECT id FROM threads WHERE site_id = ?1 AND key = page),
       CASE WHEN i = 0 THEN NULL WHEN i <= 5 THEN 'c_' || ?5 || '_' || (n - 1)
            ELSE 'c_' || ?5 || '_' || root END,
       'c_' || ?5 || '_' || root,
       CASE WHEN i = 0 THEN 1 WHEN i <= 5 THEN i + 1 ELSE 2 END,
       CASE WHEN kind = 19 THEN 'pending' WHEN i = 9 AND kind % 5 = 0 THEN 'spam'
            WHEN i = 8 AND kind % 5 = 1 THEN 'rejected' ELSE 'approved' END,
       'Reader ' || (n % 500), printf('%064x', n % 500), printf('%032x', n % 500),
       'Comment number ' || n || ' of the archive.', '<p>Comment number ' || n || ' of the archive.</p>',
       strftime('%Y-%m-%dT%H:%M:%fZ', '2025-01-01', '+' || n || ' minutes'),
       CASE WHEN i = 7 AND kind % 5 = 2 THEN '2025-06-01T00:00:00.000Z' END
     FROM shaped`,
    site,
    from,
    to,
    pages,
    prefix,
  );
}
