-- Readers who are known (issue 27): an address proved by a mailed link, without accounts or
-- cookies. The browser that followed the link holds a reader token naming a row below; the
-- row is what makes the token revocable (deleting it voids the token at once).

-- One row per browser that verified an address on a site. The token carries the id and the
-- expiry, signed; the address stays a keyed hash, as on comments.
CREATE TABLE readers (
  id          TEXT PRIMARY KEY,
  site_id     TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  email_hash  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  expires_at  TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX readers_by_address ON readers (site_id, email_hash);
CREATE INDEX readers_by_expiry ON readers (expires_at);

-- A comment posted with a reader token of its own address: shown with the "verified" mark.
ALTER TABLE comments ADD COLUMN verified_at TEXT;

-- Who asked for a verification or "my comments" mail, kept a day for the limits (one mail
-- per address and purpose an hour, a few per network an hour). Keyed hashes only.
CREATE TABLE reader_mail_requests (
  id            TEXT PRIMARY KEY,
  site_id       TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  purpose       TEXT NOT NULL CHECK (purpose IN ('verify', 'mine')),
  email_hash    TEXT NOT NULL,
  network_hash  TEXT NOT NULL,
  -- Whether this request queued a mail (the address's hour was free).
  mailed        INTEGER NOT NULL CHECK (mailed IN (0, 1)),
  created_at    TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX reader_mail_requests_by_address
  ON reader_mail_requests (site_id, email_hash, purpose, created_at) WHERE mailed = 1;
CREATE INDEX reader_mail_requests_by_network ON reader_mail_requests (network_hash, created_at);
CREATE INDEX reader_mail_requests_by_age ON reader_mail_requests (created_at);

-- The outbox learns two kinds of mail: 'verify' and 'mine'. SQLite cannot change a CHECK,
-- so the table is rebuilt as 0003 made it, with the wider list. For these kinds
-- `subject_id` holds the page the reader asked from (the link leads back there).
CREATE TABLE outbox_new (
  id                   TEXT PRIMARY KEY,
  site_id              TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  kind                 TEXT NOT NULL
                       CHECK (kind IN ('held', 'reply', 'confirm', 'spam-report', 'verify', 'mine')),
  fold_key             TEXT NOT NULL,
  recipient_hash       TEXT NOT NULL,
  recipient_encrypted  TEXT,
  subject_id           TEXT,
  created_at           TEXT NOT NULL,
  status               TEXT NOT NULL DEFAULT 'queued'
                       CHECK (status IN ('queued', 'sending', 'sent', 'skipped', 'failed')),
  attempts             INTEGER NOT NULL DEFAULT 0,
  next_attempt_at      TEXT NOT NULL,
  claimed_at           TEXT,
  sent_at              TEXT,
  error                TEXT
) WITHOUT ROWID;
INSERT INTO outbox_new (id, site_id, kind, fold_key, recipient_hash, recipient_encrypted,
  subject_id, created_at, status, attempts, next_attempt_at, claimed_at, sent_at, error)
SELECT id, site_id, kind, fold_key, recipient_hash, recipient_encrypted,
  subject_id, created_at, status, attempts, next_attempt_at, claimed_at, sent_at, error
FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_by_recipient ON outbox (recipient_hash);
CREATE INDEX outbox_by_fold ON outbox (fold_key, status);
