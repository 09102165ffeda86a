-- Parley's first schema. Never edit a migration that has shipped: add 0002_… instead.
-- Times are ISO 8601 UTC strings with milliseconds, so they sort as text.

CREATE TABLE sites (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  -- Full settings object (defaults filled in), validated by the Worker's zod schema.
  settings    TEXT NOT NULL DEFAULT '{}',
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);

-- One row per allowed origin, so a CORS preflight (which carries no site id) can ask
-- "is this origin any site's?" through the primary key.
CREATE TABLE site_origins (
  origin   TEXT NOT NULL,
  site_id  TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  PRIMARY KEY (origin, site_id)
) WITHOUT ROWID;
CREATE INDEX site_origins_by_site ON site_origins (site_id);

CREATE TABLE threads (
  id             INTEGER PRIMARY KEY,
  site_id        TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  key            TEXT NOT NULL,
  url            TEXT,
  title          TEXT,
  closed         INTEGER NOT NULL DEFAULT 0 CHECK (closed IN (0, 1)),
  -- Approved, not deleted comments; kept by the triggers below so reading it costs one row.
  comment_count  INTEGER NOT NULL DEFAULT 0 CHECK (comment_count >= 0),
  created_at     TEXT NOT NULL,
  UNIQUE (site_id, key)
);

CREATE TABLE comments (
  id               TEXT PRIMARY KEY,
  site_id          TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  thread_id        INTEGER NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
  parent_id        TEXT REFERENCES comments (id),
  -- The root of this comment's tree (its own id for a root): one indexed lookup fetches
  -- a page of roots with every reply below them.
  root_id          TEXT NOT NULL,
  depth            INTEGER NOT NULL CHECK (depth >= 1),
  status           TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'spam', 'rejected')),
  author_name      TEXT NOT NULL,
  author_website   TEXT,
  -- AES-GCM ciphertext (base64 of iv || ciphertext) and HMAC of the normalised email.
  email_encrypted  TEXT,
  email_hash       TEXT,
  avatar           TEXT NOT NULL,
  -- HMAC of the client address; cleared by the scheduled job after the retention period.
  network_hash     TEXT,
  body             TEXT NOT NULL,
  html             TEXT NOT NULL,
  -- HMAC of (thread, author, body): the same author posting the same text twice is refused
  -- by the unique index even when both requests race.
  dedup_key        TEXT,
  reasons          TEXT NOT NULL DEFAULT '[]',
  created_at       TEXT NOT NULL,
  edited_at        TEXT,
  deleted_at       TEXT
);
CREATE INDEX comments_by_thread_roots ON comments (thread_id, status, depth, created_at, id);
CREATE INDEX comments_by_root ON comments (root_id, status);
CREATE INDEX comments_by_parent ON comments (parent_id);
CREATE INDEX comments_by_site_status ON comments (site_id, status, created_at, id);
CREATE INDEX comments_by_site_created ON comments (site_id, created_at, id);
CREATE INDEX comments_by_email ON comments (email_hash, site_id, created_at) WHERE email_hash IS NOT NULL;
CREATE INDEX comments_by_network ON comments (network_hash, site_id, created_at) WHERE network_hash IS NOT NULL;
CREATE INDEX comments_by_network_age ON comments (created_at) WHERE network_hash IS NOT NULL;
CREATE UNIQUE INDEX comments_dedup ON comments (dedup_key) WHERE dedup_key IS NOT NULL;

CREATE TRIGGER comments_count_insert AFTER INSERT ON comments
WHEN NEW.status = 'approved' AND NEW.deleted_at IS NULL
BEGIN
  UPDATE threads SET comment_count = comment_count + 1 WHERE id = NEW.thread_id;
END;

CREATE TRIGGER comments_count_delete AFTER DELETE ON comments
WHEN OLD.status = 'approved' AND OLD.deleted_at IS NULL
BEGIN
  UPDATE threads SET comment_count = comment_count - 1 WHERE id = OLD.thread_id;
END;

CREATE TRIGGER comments_count_update AFTER UPDATE OF status, deleted_at ON comments
WHEN (OLD.status = 'approved' AND OLD.deleted_at IS NULL) <> (NEW.status = 'approved' AND NEW.deleted_at IS NULL)
BEGIN
  UPDATE threads
  SET comment_count = comment_count + (CASE WHEN NEW.status = 'approved' AND NEW.deleted_at IS NULL THEN 1 ELSE -1 END)
  WHERE id = NEW.thread_id;
END;

-- Authors a moderator has approved at least once, per site (first-time moderation mode).
CREATE TABLE known_authors (
  site_id      TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  email_hash   TEXT NOT NULL,
  approved_at  TEXT NOT NULL,
  PRIMARY KEY (site_id, email_hash)
) WITHOUT ROWID;

CREATE TABLE bans (
  id          TEXT PRIMARY KEY,
  site_id     TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  scope       TEXT NOT NULL CHECK (scope IN ('author', 'network')),
  -- email_hash for 'author', network_hash for 'network'.
  value_hash  TEXT NOT NULL,
  -- Sealed email of a banned author, so moderators can see whom they banned.
  email_encrypted TEXT,
  comment_id  TEXT,
  reason      TEXT,
  created_at  TEXT NOT NULL,
  expires_at  TEXT
);
CREATE INDEX bans_by_value ON bans (site_id, scope, value_hash);
CREATE INDEX bans_by_hash ON bans (value_hash);
CREATE INDEX bans_by_expiry ON bans (expires_at) WHERE expires_at IS NOT NULL;

CREATE TABLE moderation_log (
  id           INTEGER PRIMARY KEY,
  site_id      TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  at           TEXT NOT NULL,
  action       TEXT NOT NULL,
  comment_id   TEXT,
  from_status  TEXT,
  to_status    TEXT,
  detail       TEXT
);
CREATE INDEX moderation_log_by_site ON moderation_log (site_id, id);

-- Answers of POST /api/comments kept for 24 hours, so a retried request with the same
-- Idempotency-Key gets the original answer instead of a second comment.
CREATE TABLE idempotency_keys (
  site_id       TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  key           TEXT NOT NULL,
  request_hash  TEXT NOT NULL,
  comment_id    TEXT NOT NULL,
  response      TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  PRIMARY KEY (site_id, key)
) WITHOUT ROWID;
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
CREATE INDEX idempotency_keys_by_comment ON idempotency_keys (comment_id);
