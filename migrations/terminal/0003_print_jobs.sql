-- The print queue. A job is written in the same transaction as what it prints (a payment, a
-- reprint, a void, a shift close), so nothing recorded can miss its slip; it holds what to print,
-- not the bytes, which are made again from the ledger at each attempt.
CREATE TABLE print_jobs (
  id              INTEGER PRIMARY KEY,
  kind            TEXT NOT NULL CHECK (kind IN ('receipt', 'shift-report')),
  payment_seq     INTEGER REFERENCES payments(seq),
  reprint_n       INTEGER,
  shift_id        INTEGER REFERENCES shifts(id),
  state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'printed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_error      TEXT,
  created_at      TEXT NOT NULL,
  printed_at      TEXT,
  CHECK ((kind = 'receipt') = (payment_seq IS NOT NULL) AND (kind = 'shift-report') = (shift_id IS NOT NULL))
) STRICT;
CREATE INDEX print_jobs_pending ON print_jobs(id) WHERE state = 'pending';
