-- The terminal's ledger: the signed journal is the truth; everything else is a projection of it
-- or working state.

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- Append-only, signed, hash-chained events (DESIGN §4). body holds the exact signed bytes.
CREATE TABLE journal (
  seq  INTEGER PRIMARY KEY CHECK (seq > 0),
  type TEXT NOT NULL,
  body TEXT NOT NULL,
  hash BLOB NOT NULL UNIQUE CHECK (length(hash) = 32),
  sig  BLOB NOT NULL CHECK (length(sig) = 64)
) STRICT;

CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
BEGIN SELECT RAISE(ABORT, 'journal is append-only: UPDATE refused'); END;
CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
BEGIN SELECT RAISE(ABORT, 'journal is append-only: DELETE refused'); END;

CREATE TABLE users (
  id              INTEGER PRIMARY KEY,
  name            TEXT NOT NULL UNIQUE,
  role            TEXT NOT NULL CHECK (role IN ('cashier', 'supervisor')),
  pin_hash        BLOB NOT NULL,
  pin_salt        BLOB NOT NULL,
  failed_attempts INTEGER NOT NULL DEFAULT 0,
  locked_until    TEXT,
  created_at      TEXT NOT NULL
) STRICT;

CREATE TABLE shifts (
  id                  INTEGER PRIMARY KEY,
  user_id             INTEGER NOT NULL REFERENCES users(id),
  opened_seq          INTEGER NOT NULL UNIQUE REFERENCES journal(seq),
  opened_at           TEXT NOT NULL,
  business_date       TEXT NOT NULL,
  opening_float_paise INTEGER NOT NULL CHECK (opening_float_paise >= 0),
  closed_seq          INTEGER REFERENCES journal(seq),
  closed_at           TEXT,
  count_json          TEXT,
  counted_paise       INTEGER,
  expected_paise      INTEGER
) STRICT;
-- One open shift per user.
CREATE UNIQUE INDEX shifts_one_open_per_user ON shifts(user_id) WHERE closed_seq IS NULL;
-- Partial, not a UNIQUE column: a unique index on a mostly-NULL column looks selective for
-- "IS NULL" and the planner would walk every open row with it.
CREATE UNIQUE INDEX shifts_closed_seq ON shifts(closed_seq) WHERE closed_seq IS NOT NULL;

CREATE TABLE payments (
  id               INTEGER PRIMARY KEY,
  seq              INTEGER NOT NULL UNIQUE REFERENCES journal(seq),
  receipt_no       TEXT NOT NULL UNIQUE,
  fy               TEXT NOT NULL,
  receipt_n        INTEGER NOT NULL CHECK (receipt_n > 0),
  shift_id         INTEGER NOT NULL REFERENCES shifts(id),
  cashier          TEXT NOT NULL,
  account_no       TEXT NOT NULL,
  consumer_known   INTEGER NOT NULL CHECK (consumer_known IN (0, 1)),
  amount_paise     INTEGER NOT NULL CHECK (amount_paise > 0),
  mode             TEXT NOT NULL CHECK (mode IN ('cash', 'cheque', 'dd', 'upi', 'card')),
  instrument_json  TEXT NOT NULL,
  utr              TEXT,
  recorded_at      TEXT NOT NULL,
  business_date    TEXT NOT NULL,
  idempotency_key  TEXT NOT NULL UNIQUE,
  void_seq         INTEGER REFERENCES journal(seq),
  UNIQUE (fy, receipt_n)
) STRICT;
CREATE UNIQUE INDEX payments_utr ON payments(utr) WHERE utr IS NOT NULL;
-- Partial for the reason given at shifts_closed_seq: "void_seq IS NULL" must not pick this index.
CREATE UNIQUE INDEX payments_void_seq ON payments(void_seq) WHERE void_seq IS NOT NULL;
-- The cash-per-consumer-per-day rule sums over this.
CREATE INDEX payments_account_day ON payments(account_no, business_date);
CREATE INDEX payments_shift ON payments(shift_id);

-- A payment row is marked void, never edited or deleted.
CREATE TRIGGER payments_no_delete BEFORE DELETE ON payments
BEGIN SELECT RAISE(ABORT, 'payments are never deleted'); END;
CREATE TRIGGER payments_only_void BEFORE UPDATE ON payments
WHEN OLD.void_seq IS NOT NULL
  OR NEW.void_seq IS NULL
  OR NEW.id IS NOT OLD.id OR NEW.seq IS NOT OLD.seq OR NEW.receipt_no IS NOT OLD.receipt_no
  OR NEW.fy IS NOT OLD.fy OR NEW.receipt_n IS NOT OLD.receipt_n OR NEW.shift_id IS NOT OLD.shift_id
  OR NEW.cashier IS NOT OLD.cashier OR NEW.account_no IS NOT OLD.account_no
  OR NEW.consumer_known IS NOT OLD.consumer_known OR NEW.amount_paise IS NOT OLD.amount_paise
  OR NEW.mode IS NOT OLD.mode OR NEW.instrument_json IS NOT OLD.instrument_json
  OR NEW.utr IS NOT OLD.utr OR NEW.recorded_at IS NOT OLD.recorded_at
  OR NEW.business_date IS NOT OLD.business_date OR NEW.idempotency_key IS NOT OLD.idempotency_key
BEGIN SELECT RAISE(ABORT, 'a payment can only be marked void, once'); END;

CREATE TABLE consumers (
  id               INTEGER PRIMARY KEY,
  account_no       TEXT NOT NULL UNIQUE,
  meter_no         TEXT NOT NULL,
  name             TEXT NOT NULL,
  name_hi          TEXT NOT NULL,
  mobile           TEXT NOT NULL,
  locality         TEXT NOT NULL,
  locality_hi      TEXT NOT NULL,
  bill_no          TEXT NOT NULL,
  due_date         TEXT NOT NULL,
  amount_due_paise INTEGER NOT NULL,
  updated_at       TEXT NOT NULL
) STRICT;
CREATE INDEX consumers_meter ON consumers(meter_no);

-- Trigram search over account, meter, names and the mobile's last 4 digits (rowid = consumers.id).
-- Contentless: the text lives in consumers; the consumer store writes both in one transaction.
CREATE VIRTUAL TABLE consumers_fts USING fts5(
  search_text, content = '', contentless_delete = 1, tokenize = 'trigram'
);
