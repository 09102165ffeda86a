-- Hardening, round two: what readers' reports, edits and subscriptions may still do once a
-- moderator or the address's owner has spoken.

-- A moderator's decision settles a comment's reports instead of deleting them: a network
-- that reported it stays on file (and counts once), and the Reported view shows only what
-- came in since.
ALTER TABLE reports ADD COLUMN settled_at TEXT;
CREATE INDEX reports_open_by_site ON reports (site_id, comment_id) WHERE settled_at IS NULL;
-- When a moderator approved the comment while it had reports: from then on reports alone
-- never send it back to review (they still reach the Reported view).
ALTER TABLE comments ADD COLUMN approved_over_reports_at TEXT;

-- When moderators were last told the comment waits for review (webhook and mail): an
-- author's edits that flip it between held and approved tell them at most once per
-- digest window.
ALTER TABLE comments ADD COLUMN held_notice_at TEXT;

-- Each subscription a post makes is confirmed on its own (the address's mail link, or the
-- browser that confirmed it before, by its mail token), so nobody can subscribe an address
-- to more pages on the strength of an earlier confirmation; and it goes with the comment
-- that made it, if that is judged spam or deleted.
ALTER TABLE subscriptions ADD COLUMN confirmed_at TEXT;
ALTER TABLE subscriptions ADD COLUMN from_comment_id TEXT;
UPDATE subscriptions SET
  confirmed_at = (SELECT a.confirmed_at FROM mail_addresses a
                  WHERE a.site_id = subscriptions.site_id AND a.email_hash = subscriptions.email_hash),
  from_comment_id = comment_id;
CREATE INDEX subscriptions_by_source ON subscriptions (from_comment_id) WHERE from_comment_id IS NOT NULL;
CREATE INDEX subscriptions_unconfirmed ON subscriptions (created_at) WHERE confirmed_at IS NULL;

-- A revoked moderator keeps their name (the audit log names who did what) but not their
-- address or their token's hash: revoking is how the owner removes an account.
UPDATE moderators SET email_encrypted = '', email_hash = '', token_hash = 'revoked:' || id
WHERE revoked_at IS NOT NULL;
