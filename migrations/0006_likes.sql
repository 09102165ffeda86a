-- Likes: one per reader per comment (the keyed hash of a random id the reader's browser
-- keeps), and at most a few per network per comment, the second guard against stuffing.
-- Each comment keeps its count, recomputed in the same batch as every like and unlike.
ALTER TABLE comments ADD COLUMN like_count INTEGER NOT NULL DEFAULT 0;
CREATE TABLE likes (
  comment_id    TEXT NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
  reader_hash   TEXT NOT NULL,
  -- Forgotten ('') with the other network hashes after 30 days.
  network_hash  TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  PRIMARY KEY (comment_id, reader_hash)
) WITHOUT ROWID;
CREATE INDEX likes_by_comment_network ON likes (comment_id, network_hash);
CREATE INDEX likes_by_network ON likes (network_hash, created_at);
-- The `best` sort: most liked roots first, then the oldest.
CREATE INDEX comments_by_thread_best ON comments (thread_id, status, depth, like_count DESC, created_at, id);
