-- Reconciliation with the bank. Deposit slips and returned cheques are a supervisor's statements
-- about money, so each is a journal event (deposit.recorded, cheque.returned) with its row here;
-- settlement files are the bank's or provider's statements, kept as imported (with the file's
-- SHA-256) so a reconciliation can be shown again; the column mapping is saved per source.
CREATE TABLE deposits (
  seq           INTEGER PRIMARY KEY REFERENCES journal(seq),
  business_date TEXT NOT NULL,
  deposited_on  TEXT NOT NULL,
  bank          TEXT NOT NULL,
  slip_no       TEXT NOT NULL,
  cash_paise    INTEGER NOT NULL CHECK (cash_paise >= 0),
  cheque_paise  INTEGER NOT NULL CHECK (cheque_paise >= 0),
  recorded_by   TEXT NOT NULL,
  UNIQUE (bank, slip_no),
  CHECK (cash_paise + cheque_paise > 0)
) STRICT;
CREATE INDEX deposits_day ON deposits(business_date);
CREATE TRIGGER deposits_no_update BEFORE UPDATE ON deposits
BEGIN SELECT RAISE(ABORT, 'deposits are never edited'); END;
CREATE TRIGGER deposits_no_delete BEFORE DELETE ON deposits
BEGIN SELECT RAISE(ABORT, 'deposits are never deleted'); END;

CREATE TABLE returned_cheques (
  seq         INTEGER PRIMARY KEY REFERENCES journal(seq),
  payment_seq INTEGER NOT NULL UNIQUE REFERENCES payments(seq),
  returned_on TEXT NOT NULL,
  reason      TEXT NOT NULL,
  recorded_by TEXT NOT NULL
) STRICT;
CREATE TRIGGER returned_cheques_no_update BEFORE UPDATE ON returned_cheques
BEGIN SELECT RAISE(ABORT, 'returned cheques are never edited'); END;
CREATE TRIGGER returned_cheques_no_delete BEFORE DELETE ON returned_cheques
BEGIN SELECT RAISE(ABORT, 'returned cheques are never deleted'); END;

CREATE TABLE settlement_sources (
  name         TEXT PRIMARY KEY,
  mapping_json TEXT NOT NULL,
  updated_at   TEXT NOT NULL
) STRICT;

CREATE TABLE settlement_imports (
  id          INTEGER PRIMARY KEY,
  source      TEXT NOT NULL REFERENCES settlement_sources(name),
  file_sha256 TEXT NOT NULL,
  from_date   TEXT NOT NULL,
  to_date     TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  imported_by TEXT NOT NULL,
  line_count  INTEGER NOT NULL,
  UNIQUE (source, file_sha256)
) STRICT;

CREATE TABLE settlement_lines (
  import_id    INTEGER NOT NULL REFERENCES settlement_imports(id),
  line         INTEGER NOT NULL,
  reference    TEXT NOT NULL,
  amount_paise INTEGER NOT NULL,
  settled_on   TEXT NOT NULL,
  PRIMARY KEY (import_id, line)
) STRICT;
