-- Issue 15: alerts that cannot be buried, and payments that arrive for a day already closed.
--
-- Alerts get a severity (a fork, a revocation or the centre's own failure is `high` and is always
-- listed first), the source that caused them (the client's address, `import-bundle`, `admin`),
-- and, for kinds that repeat (refusals of junk, clock flags), one row per kind, terminal, source
-- (and subject) with a count and the first and last time seen instead of a row per refusal.
ALTER TABLE alerts ADD COLUMN severity TEXT NOT NULL DEFAULT 'low' CHECK (severity IN ('high', 'medium', 'low'));
ALTER TABLE alerts ADD COLUMN source TEXT NOT NULL DEFAULT '';
ALTER TABLE alerts ADD COLUMN count BIGINT NOT NULL DEFAULT 1 CHECK (count > 0);
ALTER TABLE alerts ADD COLUMN last_seen TIMESTAMPTZ NOT NULL DEFAULT now();
-- kind|terminal|source|subject for a repeating kind; NULL for one that is kept row by row.
ALTER TABLE alerts ADD COLUMN dedup_key TEXT UNIQUE;
UPDATE alerts SET last_seen = created_at,
  severity = CASE WHEN kind IN ('fork', 'revoked') THEN 'high'
                  WHEN kind IN ('revoked_upload', 'clock_ahead', 'clock_backwards') THEN 'medium'
                  ELSE 'low' END;
CREATE INDEX alerts_listing ON alerts(severity, last_seen DESC);

-- Projection of day.closed: the business days each terminal reported closed.
CREATE TABLE day_closes (
  terminal_id   TEXT NOT NULL REFERENCES terminals(id),
  seq           BIGINT NOT NULL,
  business_date DATE NOT NULL,
  closed_at     TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (terminal_id, seq),
  FOREIGN KEY (terminal_id, seq) REFERENCES events(terminal_id, seq)
);
CREATE INDEX day_closes_day ON day_closes(terminal_id, business_date);

-- Events held before this migration: the date is read from the canonical body by pattern (a
-- body may hold \u0000 elsewhere, which a cast to jsonb would refuse).
INSERT INTO day_closes (terminal_id, seq, business_date, closed_at)
SELECT terminal_id, seq, substring(body FROM '"businessDate":"([0-9]{4}-[0-9]{2}-[0-9]{2})"')::date, terminal_at
FROM events WHERE type = 'day.closed';

-- A payment journaled after its terminal's day.closed for the same business date (a back-dated
-- clock, an old app): it changes a day whose totals were already reported.
ALTER TABLE payments ADD COLUMN late BOOLEAN NOT NULL DEFAULT false;
UPDATE payments p SET late = true
WHERE EXISTS (SELECT 1 FROM day_closes d WHERE d.terminal_id = p.terminal_id AND d.business_date = p.business_date AND d.seq < p.seq);
