-- Issue 18: the centre reconciles what each counter collected against what reached the utility's
-- bank (docs/reconciliation.md). Inputs: deposits declared in the signed journals (projected here),
-- the payments' instrument references, bank statements and providers' settlement reports imported
-- by finance users (each file kept whole with its SHA-256). Matches are rows that name the rule that
-- made them; a finance user's manual match or acceptance carries a note and an admin-log entry.

-- Deposit slips the supervisors recorded (deposit.recorded), projected as they arrive.
CREATE TABLE deposits (
  terminal_id   TEXT NOT NULL REFERENCES terminals(id),
  seq           BIGINT NOT NULL,
  business_date DATE NOT NULL,
  deposited_on  DATE NOT NULL,
  bank          TEXT NOT NULL,
  slip_no       TEXT NOT NULL,
  cash_paise    BIGINT NOT NULL CHECK (cash_paise >= 0),
  cheque_paise  BIGINT NOT NULL CHECK (cheque_paise >= 0),
  recorded_by   TEXT NOT NULL,
  PRIMARY KEY (terminal_id, seq),
  FOREIGN KEY (terminal_id, seq) REFERENCES events(terminal_id, seq)
);
CREATE INDEX deposits_day ON deposits(business_date, terminal_id);
CREATE INDEX deposits_deposited_on ON deposits(deposited_on);
INSERT INTO deposits (terminal_id, seq, business_date, deposited_on, bank, slip_no, cash_paise, cheque_paise, recorded_by)
SELECT terminal_id, seq, ((body::jsonb) -> 'data' ->> 'businessDate')::date, ((body::jsonb) -> 'data' ->> 'depositedOn')::date,
       (body::jsonb) -> 'data' ->> 'bank', (body::jsonb) -> 'data' ->> 'slipNo',
       ((body::jsonb) -> 'data' ->> 'cashPaise')::bigint, ((body::jsonb) -> 'data' ->> 'chequePaise')::bigint, (body::jsonb) -> 'data' ->> 'recordedBy'
  FROM events WHERE type = 'deposit.recorded';

-- The instrument's reference, upper-cased and trimmed: the UTR of a UPI payment, the approval code
-- of a card payment, the number of a cheque or DD. A provider's settlement line names it.
ALTER TABLE payments ADD COLUMN reference TEXT;
-- Only rows that get one are rewritten: cash payments (most of a fleet's) are left as they are.
UPDATE payments p SET reference = e.reference
  FROM (SELECT terminal_id, seq, NULLIF(upper(btrim(COALESCE(i ->> 'utr', i ->> 'approval', i ->> 'number'))), '') AS reference
          FROM (SELECT terminal_id, seq, (body::jsonb) -> 'data' -> 'instrument' AS i FROM events WHERE type = 'payment.recorded') x) e
 WHERE e.terminal_id = p.terminal_id AND e.seq = p.seq AND e.reference IS NOT NULL;
CREATE INDEX payments_reference ON payments(reference, mode) WHERE reference IS NOT NULL;

-- The reconciliation's settings (tolerance, windows, deadlines, bank holidays): one row, changed by
-- a finance user (admin-logged). NULL until first saved: the defaults in upstream/money/settings.ts.
CREATE TABLE money_settings (
  id         INT PRIMARY KEY CHECK (id = 1),
  settings   JSONB NOT NULL,
  changed_by TEXT NOT NULL,
  changed_at TIMESTAMPTZ NOT NULL
);

-- Column mappings saved per bank (CSV statements) and per provider (settlement reports).
CREATE TABLE statement_mappings (
  bank     TEXT PRIMARY KEY,
  mapping  JSONB NOT NULL,
  saved_by TEXT NOT NULL,
  saved_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE provider_mappings (
  provider TEXT PRIMARY KEY,
  mode     TEXT NOT NULL CHECK (mode IN ('upi', 'card')),
  mapping  JSONB NOT NULL,
  saved_by TEXT NOT NULL,
  saved_at TIMESTAMPTZ NOT NULL
);

-- Bank statements of the utility's collection accounts: the file as received, and its entries.
CREATE TABLE bank_statements (
  id            BIGSERIAL PRIMARY KEY,
  format        TEXT NOT NULL,
  account       TEXT NOT NULL,
  statement_ref TEXT,
  from_date     DATE NOT NULL,
  to_date       DATE NOT NULL CHECK (to_date >= from_date),
  opening_paise BIGINT NOT NULL,
  closing_paise BIGINT NOT NULL,
  entries       INT NOT NULL,
  file_name     TEXT NOT NULL,
  file_sha256   TEXT NOT NULL,
  file_bytes    BYTEA NOT NULL,
  imported_by   TEXT NOT NULL,
  imported_at   TIMESTAMPTZ NOT NULL,
  UNIQUE (account, file_sha256)
);
CREATE INDEX bank_statements_account ON bank_statements(account, from_date);

CREATE TABLE statement_lines (
  id           BIGSERIAL PRIMARY KEY,
  statement_id BIGINT NOT NULL REFERENCES bank_statements(id),
  line         INT NOT NULL,
  account      TEXT NOT NULL,
  booked_on    DATE NOT NULL,
  value_on     DATE,
  amount_paise BIGINT NOT NULL CHECK (amount_paise > 0),
  direction    TEXT NOT NULL CHECK (direction IN ('credit', 'debit')),
  narration    TEXT NOT NULL,
  reference    TEXT NOT NULL,
  UNIQUE (statement_id, line)
);
CREATE INDEX statement_lines_booked ON statement_lines(booked_on, direction);

-- Providers' settlement reports: the file, and one line per transaction settled.
CREATE TABLE settlement_files (
  id          BIGSERIAL PRIMARY KEY,
  provider    TEXT NOT NULL,
  mode        TEXT NOT NULL CHECK (mode IN ('upi', 'card')),
  from_date   DATE NOT NULL,
  to_date     DATE NOT NULL,
  lines       INT NOT NULL,
  file_name   TEXT NOT NULL,
  file_sha256 TEXT NOT NULL,
  file_bytes  BYTEA NOT NULL,
  imported_by TEXT NOT NULL,
  imported_at TIMESTAMPTZ NOT NULL,
  UNIQUE (provider, file_sha256)
);

-- `state` and the payment it names are set by matching (upstream/money/reconcile.ts): matched,
-- amount-mismatch, settled-voided, duplicate (a second line for a payment already settled), unknown
-- (no payment held with that reference, yet: a counter may still be offline).
CREATE TABLE settlement_lines (
  id            BIGSERIAL PRIMARY KEY,
  file_id       BIGINT NOT NULL REFERENCES settlement_files(id),
  line          INT NOT NULL,
  provider      TEXT NOT NULL,
  mode          TEXT NOT NULL,
  reference     TEXT NOT NULL,
  amount_paise  BIGINT NOT NULL CHECK (amount_paise > 0),
  fee_paise     BIGINT NOT NULL CHECK (fee_paise >= 0),
  transacted_on DATE NOT NULL,
  settled_on    DATE NOT NULL,
  batch         TEXT NOT NULL,
  terminal_id   TEXT,
  payment_seq   BIGINT,
  business_date DATE,
  state         TEXT NOT NULL DEFAULT 'unknown',
  UNIQUE (file_id, line)
);
CREATE INDEX settlement_lines_unmatched ON settlement_lines(reference) WHERE payment_seq IS NULL;
CREATE INDEX settlement_lines_payment ON settlement_lines(terminal_id, payment_seq) WHERE payment_seq IS NOT NULL;
CREATE INDEX settlement_lines_day ON settlement_lines(business_date, terminal_id) WHERE payment_seq IS NOT NULL;
CREATE INDEX settlement_lines_batch ON settlement_lines(provider, batch);

-- Which bank entry carries what: a deposit slip's credit, a provider batch's net credit, a returned
-- cheque's debit. One entry explains one thing. `rule` says how it was found; `manual` ones name
-- the finance user and their note.
CREATE TABLE statement_matches (
  line_id      BIGINT PRIMARY KEY REFERENCES statement_lines(id),
  kind         TEXT NOT NULL CHECK (kind IN ('deposit', 'batch', 'cheque-return')),
  terminal_id  TEXT,
  seq          BIGINT,
  provider     TEXT,
  batch        TEXT,
  rule         TEXT NOT NULL,
  matched_by   TEXT,
  note         TEXT,
  matched_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX statement_matches_deposit ON statement_matches(terminal_id, seq) WHERE kind <> 'batch';
CREATE INDEX statement_matches_batch ON statement_matches(provider, batch) WHERE kind = 'batch';

-- A counter-day's difference accepted by a finance user with a note: green while the figures stay
-- what was accepted; any new line that changes the difference makes it count again.
CREATE TABLE money_acceptances (
  id               BIGSERIAL PRIMARY KEY,
  terminal_id      TEXT NOT NULL REFERENCES terminals(id),
  business_date    DATE NOT NULL,
  difference_paise BIGINT NOT NULL,
  note             TEXT NOT NULL,
  accepted_by      TEXT NOT NULL,
  accepted_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX money_acceptances_day ON money_acceptances(terminal_id, business_date, id DESC);
