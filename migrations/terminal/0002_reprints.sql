-- Reprints: each one is a receipt.reprinted journal event, numbered per receipt, so a DUPLICATE
-- slip carries a number an auditor can match to the journal.
CREATE TABLE reprints (
  seq         INTEGER PRIMARY KEY REFERENCES journal(seq),
  payment_seq INTEGER NOT NULL REFERENCES payments(seq),
  reprint_n   INTEGER NOT NULL CHECK (reprint_n > 0),
  reprinted_by TEXT NOT NULL,
  UNIQUE (payment_seq, reprint_n)
) STRICT;

CREATE TRIGGER reprints_no_update BEFORE UPDATE ON reprints
BEGIN SELECT RAISE(ABORT, 'reprints are never edited'); END;
CREATE TRIGGER reprints_no_delete BEFORE DELETE ON reprints
BEGIN SELECT RAISE(ABORT, 'reprints are never deleted'); END;
