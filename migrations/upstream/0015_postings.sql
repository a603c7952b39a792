-- Issue 19: the postings feed to billing (/v1/postings, shared/postings.ts) and the billing
-- systems that read it, each with a key of its own.
--
-- One posting per payment, void and returned cheque, appended by ingest in the transaction that
-- projects its event (upstream/postings/append.ts). `cursor` is the feed position; it is taken
-- from the one row of postings_head under its row lock, never from a sequence: a sequence hands
-- out numbers at once but they commit in any order, and a reader that saw cursor 7 before 6
-- committed would never read 6.
CREATE TABLE postings_head (
  id     INT PRIMARY KEY CHECK (id = 1),
  cursor BIGINT NOT NULL CHECK (cursor >= 0)
);

CREATE TABLE postings (
  cursor        BIGINT PRIMARY KEY CHECK (cursor > 0),
  -- TERMINAL-SEQ of the signed event (postingIdOf): stable whatever the centre does to its tables.
  posting_id    TEXT NOT NULL UNIQUE,
  kind          TEXT NOT NULL CHECK (kind IN ('payment', 'void', 'cheque-returned')),
  account_no    TEXT NOT NULL,
  -- Signed: a payment credits the account, a reversal takes the payment's amount back.
  amount_paise  BIGINT NOT NULL CHECK ((kind = 'payment') = (amount_paise > 0) AND amount_paise <> 0),
  mode          TEXT NOT NULL,
  receipt_no    TEXT NOT NULL,
  business_date DATE NOT NULL,
  at            TIMESTAMPTZ NOT NULL,
  terminal_id   TEXT NOT NULL,
  seq           BIGINT NOT NULL,
  event_hash    BYTEA NOT NULL CHECK (length(event_hash) = 32),
  -- A reversal's payment posting id; one reversal per payment (a second would take it back twice).
  reverses      TEXT UNIQUE CHECK ((kind = 'payment') = (reverses IS NULL)),
  late          BOOLEAN NOT NULL,
  UNIQUE (terminal_id, seq),
  FOREIGN KEY (terminal_id, seq) REFERENCES events(terminal_id, seq)
);

-- A billing system that reads the feed: its key is kept only as SHA-256 (the key is 32 random
-- bytes, shown once when made), so a copy of this table lets nobody read the feed.
CREATE TABLE postings_clients (
  id            BIGSERIAL PRIMARY KEY,
  name          TEXT NOT NULL,
  key_hash      BYTEA NOT NULL UNIQUE CHECK (length(key_hash) = 32),
  made_at       TIMESTAMPTZ NOT NULL,
  made_by       TEXT NOT NULL,
  revoked_at    TIMESTAMPTZ,
  revoked_by    TEXT,
  -- How far the client says it has applied the feed; only ever moves forward.
  acked_through BIGINT NOT NULL DEFAULT 0 CHECK (acked_through >= 0),
  acked_at      TIMESTAMPTZ,
  CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
);
-- One live key per name: the console names a billing system by it.
CREATE UNIQUE INDEX postings_clients_live_name ON postings_clients(name) WHERE revoked_at IS NULL;

-- History held before this migration, in the order it was received. A reversal's business date
-- is its own event's day in Asia/Kolkata (UTC+05:30, no DST); it is late when its payment's day
-- was reported closed before it was signed, as a late payment is (payments.late).
WITH history AS (
  SELECT p.terminal_id, p.seq, 'payment' AS kind, p.account_no, p.amount_paise, p.mode, p.receipt_no, p.business_date,
         p.recorded_at AS at, NULL::text AS reverses, p.late
  FROM payments p
  UNION ALL
  (SELECT DISTINCT ON (r.terminal_id, r.payment_seq)
         r.terminal_id, r.seq, r.kind, p.account_no, -p.amount_paise, p.mode, p.receipt_no,
         ((e.terminal_at AT TIME ZONE 'UTC') + interval '5 hours 30 minutes')::date, e.terminal_at,
         p.terminal_id || '-' || p.seq,
         EXISTS (SELECT 1 FROM day_closes d WHERE d.terminal_id = r.terminal_id AND d.business_date = p.business_date AND d.seq < r.seq)
  FROM (SELECT terminal_id, seq, payment_seq, 'void' AS kind FROM voids
        UNION ALL SELECT terminal_id, seq, payment_seq, 'cheque-returned' FROM cheque_returns) r
  JOIN payments p ON p.terminal_id = r.terminal_id AND p.seq = r.payment_seq AND p.seq < r.seq
  JOIN events e ON e.terminal_id = r.terminal_id AND e.seq = r.seq
  ORDER BY r.terminal_id, r.payment_seq, r.seq)
)
INSERT INTO postings (cursor, posting_id, kind, account_no, amount_paise, mode, receipt_no, business_date, at, terminal_id, seq, event_hash, reverses, late)
SELECT row_number() OVER (ORDER BY e.received_at, h.terminal_id, h.seq), h.terminal_id || '-' || h.seq, h.kind, h.account_no, h.amount_paise,
       h.mode, h.receipt_no, h.business_date, h.at, h.terminal_id, h.seq, e.hash, h.reverses, h.late
FROM history h JOIN events e ON e.terminal_id = h.terminal_id AND e.seq = h.seq;

INSERT INTO postings_head (id, cursor) SELECT 1, COALESCE(MAX(cursor), 0) FROM postings;
