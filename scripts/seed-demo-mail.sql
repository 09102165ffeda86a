-- The demo site's sender for `npm run dev:mail` (the local Email Service accepts any).
-- Idempotent: a sender the developer chose is kept.
UPDATE sites
SET settings = json_set(settings, '$.mailFrom', 'comments@demo.localhost')
WHERE id = 'demo' AND json_extract(settings, '$.mailFrom') IS NULL;
