-- The desk's tab counts, kept by the writes that change them. Counting a site's comments by
-- status read every one of them (156,000 rows, about 160 ms, at 156,000 comments: the index
-- by site and status does not hold `deleted_at`); a covering index would still read one
-- entry per comment. One row per site, changed by triggers in the same statement as the
-- write, reads one row whatever the archive's size (docs/scaling.md has the measurements).
--
-- No foreign key to `sites`: deleting a site cascades to its comments, whose triggers must
-- not write a row for a site that is going away (the sites trigger below removes the row).
-- `npm run move-site` does not copy this table: the triggers count the rows it copies in.
CREATE TABLE site_counts (
  site_id   TEXT PRIMARY KEY,
  -- Comments not deleted, by status.
  pending   INTEGER NOT NULL DEFAULT 0,
  approved  INTEGER NOT NULL DEFAULT 0,
  spam      INTEGER NOT NULL DEFAULT 0,
  rejected  INTEGER NOT NULL DEFAULT 0,
  -- Comments with at least one report no moderator has settled (the Reported view).
  reported  INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

INSERT INTO site_counts (site_id, pending, approved, spam, rejected, reported)
SELECT s.id,
  (SELECT COUNT(*) FROM comments c WHERE c.site_id = s.id AND c.status = 'pending' AND c.deleted_at IS NULL),
  (SELECT COUNT(*) FROM comments c WHERE c.site_id = s.id AND c.status = 'approved' AND c.deleted_at IS NULL),
  (SELECT COUNT(*) FROM comments c WHERE c.site_id = s.id AND c.status = 'spam' AND c.deleted_at IS NULL),
  (SELECT COUNT(*) FROM comments c WHERE c.site_id = s.id AND c.status = 'rejected' AND c.deleted_at IS NULL),
  (SELECT COUNT(DISTINCT r.comment_id) FROM reports r WHERE r.site_id = s.id AND r.settled_at IS NULL)
FROM sites s;

-- A post's one extra write: the first comment of a site makes its row, later ones add to it.
CREATE TRIGGER site_counts_comment_insert AFTER INSERT ON comments
WHEN NEW.deleted_at IS NULL
BEGIN
  INSERT INTO site_counts (site_id, pending, approved, spam, rejected)
  VALUES (NEW.site_id, NEW.status = 'pending', NEW.status = 'approved', NEW.status = 'spam', NEW.status = 'rejected')
  ON CONFLICT (site_id) DO UPDATE SET
    pending = pending + excluded.pending,
    approved = approved + excluded.approved,
    spam = spam + excluded.spam,
    rejected = rejected + excluded.rejected;
END;

CREATE TRIGGER site_counts_comment_delete AFTER DELETE ON comments
WHEN OLD.deleted_at IS NULL
BEGIN
  UPDATE site_counts SET
    pending = pending - (OLD.status = 'pending'),
    approved = approved - (OLD.status = 'approved'),
    spam = spam - (OLD.status = 'spam'),
    rejected = rejected - (OLD.status = 'rejected')
  WHERE site_id = OLD.site_id;
END;

CREATE TRIGGER site_counts_comment_update AFTER UPDATE OF status, deleted_at ON comments
WHEN OLD.status <> NEW.status OR (OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL)
BEGIN
  UPDATE site_counts SET
    pending = pending + (NEW.status = 'pending' AND NEW.deleted_at IS NULL) - (OLD.status = 'pending' AND OLD.deleted_at IS NULL),
    approved = approved + (NEW.status = 'approved' AND NEW.deleted_at IS NULL) - (OLD.status = 'approved' AND OLD.deleted_at IS NULL),
    spam = spam + (NEW.status = 'spam' AND NEW.deleted_at IS NULL) - (OLD.status = 'spam' AND OLD.deleted_at IS NULL),
    rejected = rejected + (NEW.status = 'rejected' AND NEW.deleted_at IS NULL) - (OLD.status = 'rejected' AND OLD.deleted_at IS NULL)
  WHERE site_id = NEW.site_id;
END;

-- A comment counts as reported while it has any open report: the first open report adds it,
-- the last one settled or deleted takes it away (row triggers run after each row, so when a
-- decision settles several reports at once only the last one finds no other still open).
CREATE TRIGGER site_counts_report_insert AFTER INSERT ON reports
WHEN NEW.settled_at IS NULL AND NOT EXISTS (
  SELECT 1 FROM reports r WHERE r.comment_id = NEW.comment_id AND r.settled_at IS NULL
    AND r.reporter_hash <> NEW.reporter_hash)
BEGIN
  UPDATE site_counts SET reported = reported + 1 WHERE site_id = NEW.site_id;
END;

CREATE TRIGGER site_counts_report_settle AFTER UPDATE OF settled_at ON reports
WHEN (OLD.settled_at IS NULL) <> (NEW.settled_at IS NULL) AND NOT EXISTS (
  SELECT 1 FROM reports r WHERE r.comment_id = NEW.comment_id AND r.settled_at IS NULL
    AND r.reporter_hash <> NEW.reporter_hash)
BEGIN
  UPDATE site_counts SET reported = reported + (CASE WHEN NEW.settled_at IS NULL THEN 1 ELSE -1 END)
  WHERE site_id = NEW.site_id;
END;

CREATE TRIGGER site_counts_report_delete AFTER DELETE ON reports
WHEN OLD.settled_at IS NULL AND NOT EXISTS (
  SELECT 1 FROM reports r WHERE r.comment_id = OLD.comment_id AND r.settled_at IS NULL)
BEGIN
  UPDATE site_counts SET reported = reported - 1 WHERE site_id = OLD.site_id;
END;

CREATE TRIGGER site_counts_site_delete AFTER DELETE ON sites
BEGIN
  DELETE FROM site_counts WHERE site_id = OLD.id;
END;
