-- Issue 19: "paid but still shows due". Each import of the consumer master is checked against the
-- signed payments the centre holds (upstream/billing/paid-still-due.ts states the rule).
--
-- The baseline an account's next bill is judged against: the due of its current bill as an import
-- brought it, and the time from which payments that reached the centre are not in that due
-- (billing can only know a payment the centre has handed on). It moves when a new bill arrives or
-- the due goes down by what was paid; it stays while billing has not applied a payment.
ALTER TABLE consumers ADD COLUMN bill_due_paise BIGINT;
ALTER TABLE consumers ADD COLUMN bill_since TIMESTAMPTZ;
UPDATE consumers SET bill_due_paise = (record ->> 'amountDuePaise')::bigint, bill_since = updated_at;
ALTER TABLE consumers ALTER COLUMN bill_due_paise SET NOT NULL;
ALTER TABLE consumers ALTER COLUMN bill_since SET NOT NULL;
-- What the centre knows was paid on the current bill and not taken off its due (shared/consumer-record.ts
-- PostedNotApplied), or NULL: the feed's record version 3 carries it to the counters.
ALTER TABLE consumers ADD COLUMN posted_not_applied JSONB;

-- The rule reads an account's payments; nothing indexed them by account before.
CREATE INDEX payments_account ON payments(account_no);

-- One check per import, kept: the console shows the latest and the earlier ones.
CREATE TABLE paid_due_checks (
  id                BIGSERIAL PRIMARY KEY,
  checked_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
  checked_by        TEXT NOT NULL,
  -- What was imported: the file's name and SHA-256, as the admin log names it.
  subject           TEXT NOT NULL,
  records           BIGINT NOT NULL,
  accounts          BIGINT NOT NULL,
  shortfall_paise   BIGINT NOT NULL,
  unknown_payments  BIGINT NOT NULL,
  unknown_paise     BIGINT NOT NULL
);

-- (a) an account whose bill did not go down by what was paid on it.
CREATE TABLE paid_due_accounts (
  check_id           BIGINT NOT NULL REFERENCES paid_due_checks(id),
  account_no         TEXT NOT NULL,
  bill_no            TEXT NOT NULL,
  previous_due_paise BIGINT NOT NULL,
  paid_paise         BIGINT NOT NULL,
  new_due_paise      BIGINT NOT NULL,
  shortfall_paise    BIGINT NOT NULL CHECK (shortfall_paise > 0),
  -- The payments counted, as they stood when the check ran: [{terminalId, seq, receiptNo, ...}].
  payments           JSONB NOT NULL,
  PRIMARY KEY (check_id, account_no)
);

-- (b) a payment to an account no master has brought, as it stood when the check ran.
CREATE TABLE paid_due_unknown (
  check_id      BIGINT NOT NULL REFERENCES paid_due_checks(id),
  terminal_id   TEXT NOT NULL,
  seq           BIGINT NOT NULL,
  account_no    TEXT NOT NULL,
  receipt_no    TEXT NOT NULL,
  amount_paise  BIGINT NOT NULL,
  mode          TEXT NOT NULL,
  business_date DATE NOT NULL,
  PRIMARY KEY (check_id, terminal_id, seq),
  FOREIGN KEY (terminal_id, seq) REFERENCES payments(terminal_id, seq)
);
