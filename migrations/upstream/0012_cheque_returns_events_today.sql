-- Issue 17 #2: a terminal's returned cheques on its page, and #1: how many events it sent today
-- and the app version it reports with its head check.
-- Returned cheques are projected as they arrive (upstream/projections.ts); those held already are
-- read from their signed bodies.
CREATE TABLE cheque_returns (
  terminal_id  TEXT NOT NULL REFERENCES terminals(id),
  seq          BIGINT NOT NULL,
  payment_seq  BIGINT NOT NULL,
  receipt_no   TEXT NOT NULL,
  returned_on  DATE NOT NULL,
  reason       TEXT NOT NULL,
  recorded_by  TEXT NOT NULL,
  PRIMARY KEY (terminal_id, seq),
  FOREIGN KEY (terminal_id, seq) REFERENCES events(terminal_id, seq)
);
CREATE INDEX cheque_returns_day ON cheque_returns(terminal_id, returned_on);
INSERT INTO cheque_returns (terminal_id, seq, payment_seq, receipt_no, returned_on, reason, recorded_by)
SELECT terminal_id, seq, ((body::jsonb) -> 'data' ->> 'paymentSeq')::bigint, (body::jsonb) -> 'data' ->> 'receiptNo',
       ((body::jsonb) -> 'data' ->> 'returnedOn')::date, (body::jsonb) -> 'data' ->> 'reason', (body::jsonb) -> 'data' ->> 'recordedBy'
  FROM events WHERE type = 'cheque.returned';

-- Events received on the centre's business day `events_day` (IST), counted by ingest.
ALTER TABLE terminals ADD COLUMN events_day DATE;
ALTER TABLE terminals ADD COLUMN events_on_day INT NOT NULL DEFAULT 0;

-- The app version the terminal reported with its last head check (`?app=`, signed with the read).
ALTER TABLE terminals ADD COLUMN app_version TEXT;
