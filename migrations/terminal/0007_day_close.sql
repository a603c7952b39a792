-- Day close (Z report): a supervisor closes a business day once; the day.closed event holds the
-- SHA-256 of the day summary it closed. After it no payment, void or shift of that day is taken.
CREATE TABLE days_closed (
  business_date  TEXT PRIMARY KEY,
  closed_seq     INTEGER NOT NULL UNIQUE REFERENCES journal(seq),
  closed_at      TEXT NOT NULL,
  closed_by      TEXT NOT NULL,
  summary_sha256 TEXT NOT NULL
) STRICT;
CREATE TRIGGER days_closed_no_update BEFORE UPDATE ON days_closed
BEGIN SELECT RAISE(ABORT, 'a closed day stays closed'); END;
CREATE TRIGGER days_closed_no_delete BEFORE DELETE ON days_closed
BEGIN SELECT RAISE(ABORT, 'a closed day stays closed'); END;

-- The print queue learns a third kind, the day report; SQLite cannot change a CHECK in place,
-- so the table is made again with the same rows.
CREATE TABLE print_jobs_v2 (
  id              INTEGER PRIMARY KEY,
  kind            TEXT NOT NULL CHECK (kind IN ('receipt', 'shift-report', 'day-report')),
  payment_seq     INTEGER REFERENCES payments(seq),
  reprint_n       INTEGER,
  shift_id        INTEGER REFERENCES shifts(id),
  business_date   TEXT,
  state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'printed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_error      TEXT,
  created_at      TEXT NOT NULL,
  printed_at      TEXT,
  CHECK ((kind = 'receipt') = (payment_seq IS NOT NULL) AND (kind = 'shift-report') = (shift_id IS NOT NULL)
         AND (kind = 'day-report') = (business_date IS NOT NULL))
) STRICT;
INSERT INTO print_jobs_v2 (id, kind, payment_seq, reprint_n, shift_id, state, attempts, next_attempt_at, last_error, created_at, printed_at)
  SELECT id, kind, payment_seq, reprint_n, shift_id, state, attempts, next_attempt_at, last_error, created_at, printed_at FROM print_jobs;
DROP TABLE print_jobs;
ALTER TABLE print_jobs_v2 RENAME TO print_jobs;
CREATE INDEX print_jobs_pending ON print_jobs(id) WHERE state = 'pending';
