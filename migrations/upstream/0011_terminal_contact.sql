-- Issue 17 #1: a terminal's last signed read and how far its clock was from the centre's then.
-- signed_reads keeps a read only for as long as it could be replayed (minutes), so the census
-- could not tell a terminal that checks in every minute with nothing new to send from a silent one.
ALTER TABLE terminals ADD COLUMN last_read_at TIMESTAMPTZ;
-- The terminal's signed time minus the centre's, in milliseconds, at that read.
ALTER TABLE terminals ADD COLUMN clock_skew_ms INT;
UPDATE terminals t SET last_read_at = r.seen_at FROM (SELECT terminal_id, max(seen_at) AS seen_at FROM signed_reads GROUP BY terminal_id) r WHERE r.terminal_id = t.id;
