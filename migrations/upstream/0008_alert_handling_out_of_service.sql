-- Issue 17: alerts acted on by named central users, and counters declared out of service.
-- An alert is open until someone acknowledges it (seen, being handled) and then resolves it, each
-- with a note; both are admin-log entries too. Resolving a repeating alert frees its dedup key, so
-- the next occurrence opens a new alert instead of adding to a closed one.
ALTER TABLE alerts ADD COLUMN acknowledged_at TIMESTAMPTZ;
ALTER TABLE alerts ADD COLUMN acknowledged_by TEXT;
ALTER TABLE alerts ADD COLUMN acknowledged_note TEXT;
ALTER TABLE alerts ADD COLUMN resolved_at TIMESTAMPTZ;
ALTER TABLE alerts ADD COLUMN resolved_by TEXT;
ALTER TABLE alerts ADD COLUMN resolved_note TEXT;
CREATE INDEX alerts_open ON alerts(severity, last_seen DESC) WHERE resolved_at IS NULL;

-- A terminal's business days on which it did not trade (a holiday, a broken PC), declared by an
-- admin: the census counts them as accounted for, not unclosed. Italy's RT census is the model.
CREATE TABLE out_of_service (
  id          BIGSERIAL PRIMARY KEY,
  terminal_id TEXT NOT NULL REFERENCES terminals(id),
  from_date   DATE NOT NULL,
  to_date     DATE NOT NULL CHECK (to_date >= from_date),
  reason      TEXT NOT NULL,
  declared_by TEXT NOT NULL,
  declared_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX out_of_service_terminal ON out_of_service(terminal_id, from_date);
