-- Beyond the page: a site's most commented pages for the recent-comments sidebar, and
-- readers' reactions to a page.

-- GET /api/recent?pages=1 lists a site's most commented pages: through this index it reads
-- as many threads as it shows, however many pages the site has. Each approved comment
-- already writes its thread's count; this is one more index entry moved by that write.
CREATE INDEX threads_by_count ON threads (site_id, comment_count DESC, id);

-- Page reactions: one per reader per kind per page (the keyed hash of the random id the
-- reader's browser keeps for likes), and at most a few readers per network per kind, the
-- second guard against stuffing. A reaction to a page nobody has commented on yet makes
-- its thread, as closing it does.
CREATE TABLE page_reactions (
  thread_id     INTEGER NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
  -- One of the kinds the Worker knows (worker/domain/reactions.ts), never a reader's text.
  kind          TEXT NOT NULL,
  reader_hash   TEXT NOT NULL,
  -- Forgotten ('') with the other network hashes after 30 days.
  network_hash  TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  PRIMARY KEY (thread_id, kind, reader_hash)
) WITHOUT ROWID;
CREATE INDEX page_reactions_by_kind_network ON page_reactions (thread_id, kind, network_hash);
CREATE INDEX page_reactions_by_network ON page_reactions (network_hash, created_at);

-- The page's counts by kind, as JSON ({"heart": 3}), read with the thread by every list:
-- kept by the triggers below in the statement that adds or takes back a reaction, so
-- racing readers leave them exact and no reaction ever reads the page's others.
ALTER TABLE threads ADD COLUMN reaction_counts TEXT;

CREATE TRIGGER page_reactions_count_insert AFTER INSERT ON page_reactions
BEGIN
  UPDATE threads SET reaction_counts = json_set(COALESCE(reaction_counts, '{}'),
    '$.' || NEW.kind, COALESCE(json_extract(reaction_counts, '$.' || NEW.kind), 0) + 1)
  WHERE id = NEW.thread_id;
END;

CREATE TRIGGER page_reactions_count_delete AFTER DELETE ON page_reactions
BEGIN
  UPDATE threads SET reaction_counts = json_set(reaction_counts,
    '$.' || OLD.kind, MAX(COALESCE(json_extract(reaction_counts, '$.' || OLD.kind), 0) - 1, 0))
  WHERE id = OLD.thread_id;
END;
