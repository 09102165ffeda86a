-- The `demo` site that `npm run dev` serves at http://localhost:8787/demo.
-- Idempotent: re-running keeps whatever the developer changed since.
INSERT INTO sites (id, name, settings, created_at, updated_at)
VALUES ('demo', 'Parley demo', '{"moderation":"first-time","minSubmitSeconds":2}',
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
ON CONFLICT (id) DO NOTHING;

INSERT OR IGNORE INTO site_origins (origin, site_id) VALUES
  ('http://localhost:8787', 'demo'),
  ('http://127.0.0.1:8787', 'demo');
