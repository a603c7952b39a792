-- What the status bar shows of the link to the centre, the consumer feed's cursor, and the
-- restore-safety verdict: how far the centre's copy of this journal reaches.
ALTER TABLE sync_state ADD COLUMN last_attempt_at TEXT;
-- 'online' (the last exchange worked), 'offline' (no answer) or 'degraded' (an answer, but an error).
ALTER TABLE sync_state ADD COLUMN connection TEXT CHECK (connection IN ('online', 'offline', 'degraded'));
-- An error code of shared/errors.ts for last_error, so a screen can say it in the cashier's language.
ALTER TABLE sync_state ADD COLUMN last_error_code TEXT;
-- Server clock minus this terminal's clock, from the server's Date header, and when it was measured.
ALTER TABLE sync_state ADD COLUMN clock_skew_ms INTEGER;
ALTER TABLE sync_state ADD COLUMN clock_measured_at TEXT;
ALTER TABLE sync_state ADD COLUMN consumer_cursor TEXT NOT NULL DEFAULT '0';
ALTER TABLE sync_state ADD COLUMN consumers_synced_at TEXT;
-- The centre's head for this terminal at the last check; when it is ahead of the local journal the
-- database was restored from an older copy, and new payments are refused (central_behind_reason).
ALTER TABLE sync_state ADD COLUMN central_seq INTEGER;
ALTER TABLE sync_state ADD COLUMN central_checked_at TEXT;
ALTER TABLE sync_state ADD COLUMN central_ahead TEXT;
