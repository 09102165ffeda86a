-- Mail: moderators hear about held comments, readers about replies they asked for. Every
-- address is stored as the comments store theirs: AES-GCM sealed, matched by keyed hash.

-- Who hears about a site's held comments (the owner, and whoever else the owner adds).
CREATE TABLE mail_recipients (
  site_id          TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  email_hash       TEXT NOT NULL,
  email_encrypted  TEXT NOT NULL,
  created_at       TEXT NOT NULL,
  PRIMARY KEY (site_id, email_hash)
) WITHOUT ROWID;

-- A reader's address on a site, for the subscriptions below. Double opt-in: nothing but the
-- confirmation mail reaches it until `confirmed_at` is set.
CREATE TABLE mail_addresses (
  site_id          TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  email_hash       TEXT NOT NULL,
  email_encrypted  TEXT NOT NULL,
  created_at       TEXT NOT NULL,
  confirmed_at     TEXT,
  -- The last confirmation mail, so a stranger posting with someone's address sends them
  -- at most one a day.
  confirm_sent_at  TEXT,
  PRIMARY KEY (site_id, email_hash)
) WITHOUT ROWID;
CREATE INDEX mail_addresses_by_hash ON mail_addresses (email_hash);

-- "Notify me of follow-up comments by email": replies to one's own comment, or every new
-- comment on the page.
CREATE TABLE subscriptions (
  id          INTEGER PRIMARY KEY,
  site_id     TEXT NOT NULL,
  thread_id   INTEGER NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
  email_hash  TEXT NOT NULL,
  scope       TEXT NOT NULL CHECK (scope IN ('replies', 'all')),
  -- For `replies`: the subscriber's own comment, whose direct replies they hear about.
  comment_id  TEXT,
  created_at  TEXT NOT NULL,
  FOREIGN KEY (site_id, email_hash) REFERENCES mail_addresses (site_id, email_hash) ON DELETE CASCADE
);
CREATE UNIQUE INDEX subscriptions_unique ON subscriptions (thread_id, email_hash, scope, COALESCE(comment_id, ''));
CREATE INDEX subscriptions_by_comment ON subscriptions (comment_id) WHERE comment_id IS NOT NULL;
CREATE INDEX subscriptions_by_address ON subscriptions (site_id, email_hash);

-- Mail to send, written in the same batch as the event that causes it and sent afterwards.
-- A row is one event for one recipient; rows sharing a fold key go out together (a digest)
-- at most once per window. The address is forgotten once the mail is sent.
CREATE TABLE outbox (
  id                   TEXT PRIMARY KEY,
  site_id              TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  kind                 TEXT NOT NULL CHECK (kind IN ('held', 'reply', 'confirm', 'spam-report')),
  fold_key             TEXT NOT NULL,
  recipient_hash       TEXT NOT NULL,
  recipient_encrypted  TEXT,
  -- The comment the event is about (held, reply), or the thread (confirm: the page the
  -- reader subscribed on).
  subject_id           TEXT,
  created_at           TEXT NOT NULL,
  status               TEXT NOT NULL DEFAULT 'queued'
                       CHECK (status IN ('queued', 'sending', 'sent', 'skipped', 'failed')),
  attempts             INTEGER NOT NULL DEFAULT 0,
  next_attempt_at      TEXT NOT NULL,
  claimed_at           TEXT,
  sent_at              TEXT,
  -- The transport's answer of the last failure (a status or an error name, never an address).
  error                TEXT
) WITHOUT ROWID;
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_by_recipient ON outbox (recipient_hash);
CREATE INDEX outbox_by_fold ON outbox (fold_key, status);

-- When the next mail of a fold key may go: one mail per window, the rest folded into it.
CREATE TABLE mail_folds (
  fold_key         TEXT PRIMARY KEY,
  next_allowed_at  TEXT NOT NULL
) WITHOUT ROWID;

-- Moderation links from mail work once: the nonce of each one used, until it expires.
CREATE TABLE used_links (
  nonce       TEXT PRIMARY KEY,
  expires_at  TEXT NOT NULL
) WITHOUT ROWID;
