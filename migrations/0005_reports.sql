-- Readers' reports of approved comments: one per network (keyed hash, as on comments) per
-- comment. Settled (deleted) by a moderator's decision on the comment; forgotten with the
-- network hashes after 30 days.
CREATE TABLE reports (
  comment_id     TEXT NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
  reporter_hash  TEXT NOT NULL,
  site_id        TEXT NOT NULL,
  reason         TEXT NOT NULL CHECK (reason IN ('spam', 'abuse', 'off-topic', 'other')),
  text           TEXT,
  created_at     TEXT NOT NULL,
  PRIMARY KEY (comment_id, reporter_hash)
) WITHOUT ROWID;
CREATE INDEX reports_by_reporter ON reports (reporter_hash, created_at);
CREATE INDEX reports_by_site ON reports (site_id, created_at);
CREATE INDEX reports_by_age ON reports (created_at);

-- Atom feeds read a page's newest approved comments at any depth.
CREATE INDEX comments_by_thread_time ON comments (thread_id, status, created_at, id);
