-- The posting pipeline: attempt limits that deleting cannot undo, threads that only an
-- approved comment can give a title, first-time moderation by name and email, pages of
-- replies, and what Akismet needs to hear about moderators' decisions.

-- Every attempt to post that got past the shape and site checks, spam and refusals
-- included, and every preview. The attempt limits count these rows, not comments, so
-- deleting a comment gives no attempt back. Kept a day (housekeeping deletes older ones).
CREATE TABLE attempts (
  id            TEXT PRIMARY KEY,
  site_id       TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  kind          TEXT NOT NULL CHECK (kind IN ('comment', 'preview')),
  -- Keyed hash of the client's network (IPv6 /64), as on comments.
  network_hash  TEXT NOT NULL,
  -- Only for comments stored and not judged spam: the per-email limit counts nothing else,
  -- so nobody can use up another person's address with trap-caught posts.
  email_hash    TEXT,
  outcome       TEXT NOT NULL CHECK (outcome IN ('stored', 'spam', 'dropped', 'refused', 'preview')),
  created_at    TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX attempts_by_network ON attempts (network_hash, site_id, kind, created_at);
CREATE INDEX attempts_by_email ON attempts (email_hash, site_id, created_at) WHERE email_hash IS NOT NULL;
CREATE INDEX attempts_spam_by_network ON attempts (network_hash, site_id, created_at) WHERE outcome = 'spam';
CREATE INDEX attempts_by_age ON attempts (created_at);

-- When the thread first showed an approved comment. Its url and title come from that comment
-- too (never from spam or a held comment), and `closeAfterDays` counts from here.
ALTER TABLE threads ADD COLUMN opened_at TEXT;
UPDATE threads SET opened_at = (
  SELECT MIN(c.created_at) FROM comments c WHERE c.thread_id = threads.id AND c.status = 'approved'
);

-- The page as the comment's own request described it, so the thread can take its url and
-- title from the first comment a moderator approves.
ALTER TABLE comments ADD COLUMN page_url TEXT;
ALTER TABLE comments ADD COLUMN page_title TEXT;
-- AES-GCM sealed JSON of what Akismet was told (client address, user agent, referrer), so a
-- moderator's decision can be reported back; forgotten with the network hash.
ALTER TABLE comments ADD COLUMN akismet_context TEXT;

-- A page of replies per root: the oldest approved ones first, straight from the index.
CREATE INDEX comments_by_root_time ON comments (root_id, status, created_at, id);
DROP INDEX comments_by_root;

-- On a root: how many approved replies (tombstones included) hang below it at any depth,
-- kept by the triggers below. A list page reads every reply of a root that has no more
-- than a page's share, and looks for where to cut only in the few that have more; readers
-- are told how many replies are left to show.
ALTER TABLE comments ADD COLUMN reply_count INTEGER NOT NULL DEFAULT 0;
UPDATE comments SET reply_count = (
  SELECT COUNT(*) FROM comments r WHERE r.root_id = comments.id AND r.depth > 1 AND r.status = 'approved'
) WHERE depth = 1;

CREATE TRIGGER comments_replies_insert AFTER INSERT ON comments
WHEN NEW.depth > 1 AND NEW.status = 'approved'
BEGIN
  UPDATE comments SET reply_count = reply_count + 1 WHERE id = NEW.root_id;
END;

CREATE TRIGGER comments_replies_delete AFTER DELETE ON comments
WHEN OLD.depth > 1 AND OLD.status = 'approved'
BEGIN
  UPDATE comments SET reply_count = reply_count - 1 WHERE id = OLD.root_id;
END;

CREATE TRIGGER comments_replies_update AFTER UPDATE OF status ON comments
WHEN NEW.depth > 1 AND (OLD.status = 'approved') <> (NEW.status = 'approved')
BEGIN
  UPDATE comments SET reply_count = reply_count + (CASE WHEN NEW.status = 'approved' THEN 1 ELSE -1 END)
  WHERE id = NEW.root_id;
END;

-- First-time moderation now needs the name *and* the email of an approved comment (as
-- WordPress does), so a known address alone no longer lets a stranger through.
-- `name_key` is the name with ASCII letters lowercased, exactly as SQLite's lower() does.
CREATE TABLE known_authors_by_name (
  site_id      TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  email_hash   TEXT NOT NULL,
  name_key     TEXT NOT NULL,
  approved_at  TEXT NOT NULL,
  PRIMARY KEY (site_id, email_hash, name_key)
) WITHOUT ROWID;
INSERT OR IGNORE INTO known_authors_by_name (site_id, email_hash, name_key, approved_at)
SELECT site_id, email_hash, lower(author_name), MIN(created_at) FROM comments
WHERE status = 'approved' AND email_hash IS NOT NULL AND deleted_at IS NULL
GROUP BY site_id, email_hash, lower(author_name);
DROP TABLE known_authors;
ALTER TABLE known_authors_by_name RENAME TO known_authors;
CREATE INDEX known_authors_by_email ON known_authors (email_hash);
