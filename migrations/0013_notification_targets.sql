-- Notification targets: per site, any number of places moderators hear about comments
-- (Slack, Discord, Telegram, ntfy, a JSON webhook), each with the events it wants; and the
-- queue of their messages, sent with retries (worker/notify/deliver.ts).

CREATE TABLE notification_targets (
  id               TEXT PRIMARY KEY,
  site_id          TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  -- slack | discord | telegram | ntfy | webhook (worker/schemas/notification-targets.ts)
  kind             TEXT NOT NULL,
  label            TEXT NOT NULL,
  -- JSON array of the events it wants: held, approved, reported, spam-digest.
  events           TEXT NOT NULL,
  -- Telegram only: the chat it posts to, in the clear, so an update from Telegram can be
  -- matched to the chat the owner registered; 1 where that chat may moderate (buttons).
  chat_id          TEXT,
  moderate         INTEGER NOT NULL DEFAULT 0,
  -- The URL and tokens, sealed with the key derived from SECRET_KEY: written, never read back.
  secret_encrypted TEXT NOT NULL,
  -- What answers show instead (the URL's host and its last characters).
  hint             TEXT NOT NULL,
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL
);
CREATE INDEX notification_targets_by_site ON notification_targets (site_id);

-- One row per message for one target: written in the same batch as the event that causes
-- it, claimed and sent afterwards. A sibling of the mail outbox rather than rows in it: mail
-- rows carry a sealed address, fold keys and digest windows that a target has no use for.
CREATE TABLE notification_outbox (
  id              TEXT PRIMARY KEY,
  target_id       TEXT NOT NULL REFERENCES notification_targets (id) ON DELETE CASCADE,
  -- held | approved | reported | spam-digest
  event           TEXT NOT NULL,
  -- The comment it is about (none for the spam digest).
  comment_id      TEXT,
  -- queued | sending | sent | skipped | failed
  status          TEXT NOT NULL DEFAULT 'queued',
  attempts        INTEGER NOT NULL DEFAULT 0,
  error           TEXT,
  created_at      TEXT NOT NULL,
  next_attempt_at TEXT NOT NULL,
  claimed_at      TEXT,
  sent_at         TEXT
);
CREATE INDEX notification_outbox_due ON notification_outbox (status, next_attempt_at);
CREATE INDEX notification_outbox_by_target ON notification_outbox (target_id, event, created_at);
CREATE INDEX notification_outbox_by_comment ON notification_outbox (comment_id, event)
  WHERE comment_id IS NOT NULL;
