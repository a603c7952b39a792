-- The print queue. A job is written in the same transaction as the payment (or reprint) it
-- prints, so no recorded payment can miss its receipt; it holds what to print, not the bytes,
-- which are made again from the ledger at each attempt.
CREATE TABLE print_jobs (
  id              INTEGER PRIMARY KEY,
  payment_seq     INTEGER NOT NULL REFERENCES payments(seq),
  reprint_n       INTEGER,
  state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'printed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_error      TEXT,
  created_at      TEXT NOT NULL,
  printed_at      TEXT
) STRICT;
CREATE INDEX print_jobs_pending ON print_jobs(id) WHERE state = 'pending';
