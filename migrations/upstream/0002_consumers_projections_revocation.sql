-- The consumer master the terminals download (DESIGN §6 feed), the projections that reporting and
-- the verify page read instead of scanning event bodies, and revocation of a terminal key.

CREATE SEQUENCE consumer_changes;

CREATE TABLE consumers (
  account_no       TEXT PRIMARY KEY,
  -- The record exactly as the feed sends it (shared/consumer-record.ts), checked on import.
  record           JSONB NOT NULL,
  -- Every insert or change takes the next value: the feed's cursor is the last one a terminal read.
  change_seq       BIGINT NOT NULL DEFAULT nextval('consumer_changes'),
  updated_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX consumers_change ON consumers(change_seq);

ALTER TABLE terminals ADD COLUMN revoked_at TIMESTAMPTZ;
ALTER TABLE terminals ADD COLUMN revoked_reason TEXT;
-- The newest event time seen, to flag a terminal clock that runs backwards.
ALTER TABLE terminals ADD COLUMN last_event_at TIMESTAMPTZ;

-- Projections: written in the same transaction as the event they come from.
CREATE TABLE payments (
  terminal_id   TEXT NOT NULL REFERENCES terminals(id),
  seq           BIGINT NOT NULL,
  receipt_no    TEXT NOT NULL,
  account_no    TEXT NOT NULL,
  amount_paise  BIGINT NOT NULL,
  mode          TEXT NOT NULL,
  cashier       TEXT NOT NULL,
  business_date DATE NOT NULL,
  recorded_at   TIMESTAMPTZ NOT NULL,
  voided_seq    BIGINT,
  PRIMARY KEY (terminal_id, seq),
  FOREIGN KEY (terminal_id, seq) REFERENCES events(terminal_id, seq)
);
CREATE INDEX payments_day ON payments(business_date, terminal_id);
CREATE INDEX payments_receipt ON payments(receipt_no);

CREATE TABLE voids (
  terminal_id  TEXT NOT NULL REFERENCES terminals(id),
  seq          BIGINT NOT NULL,
  payment_seq  BIGINT NOT NULL,
  receipt_no   TEXT NOT NULL,
  reason       TEXT NOT NULL,
  approved_by  TEXT NOT NULL,
  voided_at    TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (terminal_id, seq),
  FOREIGN KEY (terminal_id, seq) REFERENCES events(terminal_id, seq)
);
CREATE INDEX voids_payment ON voids(terminal_id, payment_seq);

CREATE TABLE shift_closes (
  terminal_id     TEXT NOT NULL REFERENCES terminals(id),
  seq             BIGINT NOT NULL,
  shift_id        INT NOT NULL,
  closed_by       TEXT NOT NULL,
  expected_paise  BIGINT NOT NULL,
  counted_paise   BIGINT NOT NULL,
  variance_paise  BIGINT NOT NULL,
  closed_at       TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (terminal_id, seq),
  FOREIGN KEY (terminal_id, seq) REFERENCES events(terminal_id, seq)
);
