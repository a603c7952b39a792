-- Issue 18: each provider settlement batch's totals, kept as its file is imported, so matching the
-- bank's credits for a day reads that day's batches instead of grouping every line ever settled
-- (bench:money: a state's month holds 6.7 million lines). And the lines that are not a clean match,
-- which the morning's exceptions report lists, found without reading the clean ones.
CREATE TABLE settlement_batches (
  provider    TEXT NOT NULL,
  batch       TEXT NOT NULL,
  settled_on  DATE NOT NULL,
  lines       INT NOT NULL,
  gross_paise BIGINT NOT NULL,
  fee_paise   BIGINT NOT NULL,
  net_paise   BIGINT NOT NULL,
  PRIMARY KEY (provider, batch)
);
CREATE INDEX settlement_batches_day ON settlement_batches(settled_on);
INSERT INTO settlement_batches (provider, batch, settled_on, lines, gross_paise, fee_paise, net_paise)
SELECT provider, batch, MAX(settled_on), COUNT(*), SUM(amount_paise), SUM(fee_paise), SUM(amount_paise - fee_paise)
  FROM settlement_lines GROUP BY provider, batch;

CREATE INDEX settlement_lines_exceptions ON settlement_lines(settled_on) WHERE state <> 'matched';
