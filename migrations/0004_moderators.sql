-- Named moderators: the owner's MODERATOR_TOKEN stays the key to everything; each moderator
-- gets a personal token (stored only as a keyed hash) for the sites they may moderate.
CREATE TABLE moderators (
  id               TEXT PRIMARY KEY,
  name             TEXT NOT NULL,
  email_encrypted  TEXT NOT NULL,
  email_hash       TEXT NOT NULL,
  role             TEXT NOT NULL CHECK (role IN ('moderator', 'owner')),
  -- A JSON array of site ids (owners moderate every site whatever it holds).
  sites            TEXT NOT NULL DEFAULT '[]',
  token_hash       TEXT NOT NULL UNIQUE,
  created_at       TEXT NOT NULL,
  revoked_at       TEXT
) WITHOUT ROWID;
CREATE UNIQUE INDEX moderators_by_email ON moderators (email_hash) WHERE revoked_at IS NULL;

-- Who did it: "owner", a moderator's id, or the kind of mail link; and their name then.
ALTER TABLE moderation_log ADD COLUMN actor_id TEXT;
ALTER TABLE moderation_log ADD COLUMN actor_name TEXT;

-- Pinned root comments come first on a page; a reply written from the desk carries the
-- moderator who wrote it, and with it the "Moderator" badge no reader can claim.
ALTER TABLE comments ADD COLUMN pinned_at TEXT;
ALTER TABLE comments ADD COLUMN moderator_id TEXT;
CREATE INDEX comments_pinned ON comments (thread_id, status, depth, created_at, id)
  WHERE pinned_at IS NOT NULL;
