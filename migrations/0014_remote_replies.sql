-- Replies from elsewhere: a page's thread linked to its Mastodon status and/or Bluesky post,
-- whose public replies the scheduled job (and a moderator, on demand) pulls into the thread
-- as comments with a source. docs/beyond-the-page.md says what is fetched and when.

-- One link per page and network, set by a moderator only (never from a reader's request).
CREATE TABLE remote_links (
  thread_id   INTEGER NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
  site_id     TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  kind        TEXT NOT NULL CHECK (kind IN ('mastodon', 'bluesky')),
  -- The post's address as the moderator gave it (shown back in the desk).
  url         TEXT NOT NULL,
  -- Where its replies are asked for: the Mastodon instance's host, or the Bluesky AppView's.
  api_host    TEXT NOT NULL,
  -- The post on that host: a Mastodon status id, or a Bluesky at:// URI (a handle resolved
  -- to its DID when linked, so a renamed account keeps its link).
  remote_id   TEXT NOT NULL,
  linked_at   TEXT NOT NULL,
  pulled_at   TEXT,
  -- 'gone' once the post itself answered 404/410: it is not asked for again.
  state       TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'gone')),
  -- The last pull's failure, for the desk ("timeout", "http-503", …); NULL after a success.
  last_error  TEXT,
  PRIMARY KEY (thread_id, kind)
) WITHOUT ROWID;
-- The scheduled run takes the links of the last N days, the longest unpulled first.
CREATE INDEX remote_links_due ON remote_links (state, linked_at, pulled_at);

-- A comment's source, when it was not written here: NULL for every comment posted to
-- Parley. The remote author's display name is author_name, their profile author_website.
ALTER TABLE comments ADD COLUMN source_kind TEXT
  CHECK (source_kind IS NULL OR source_kind IN ('mastodon', 'bluesky', 'webmention'));
-- The reply's id where it lives (a Mastodon status id on the linked instance, an at:// URI).
ALTER TABLE comments ADD COLUMN source_id TEXT;
-- The original, linked from the comment ("on Mastodon").
ALTER TABLE comments ADD COLUMN source_url TEXT;
-- One comment per remote reply per page: pulling again updates it and never makes a second,
-- and a reply a moderator rejected keeps its row, so it stays rejected.
CREATE UNIQUE INDEX comments_by_source ON comments (thread_id, source_kind, source_id)
  WHERE source_id IS NOT NULL;

-- Webmentions (W3C) received for a site's pages, on sites that take them: queued when
-- received, their source fetched once by the scheduled job (jobs/webmentions.ts), then kept
-- a month as the record of what came and what became of it.
CREATE TABLE webmentions (
  id           TEXT PRIMARY KEY,
  site_id      TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  source       TEXT NOT NULL,
  target       TEXT NOT NULL,
  -- The page the target names (its path, the widget's default page key).
  thread_key   TEXT NOT NULL,
  -- For the per-host limits: how many mentions from one host wait, and are fetched an hour.
  source_host  TEXT NOT NULL,
  received_at  TEXT NOT NULL,
  state        TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'done')),
  fetched_at   TEXT,
  -- What the fetch found: 'comment', 'no-link', 'gone', or the failure ('timeout', …).
  outcome      TEXT,
  -- The same source sent again for the same target is the same mention, fetched again.
  UNIQUE (site_id, source, target)
);
CREATE INDEX webmentions_queued ON webmentions (state, received_at);
CREATE INDEX webmentions_by_host ON webmentions (source_host, state, fetched_at);
