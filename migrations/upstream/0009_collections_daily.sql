-- Issue 17 #5: collections by terminal, business day, mode and cashier, kept as payments and
-- voids are projected (upstream/projections.ts, the same transaction), so a month's report over a
-- state's fleet reads one row per counter-day and mode and cashier instead of every payment.
-- `payments`/`amount_paise` are those not voided; a void moves its payment to `voids`/`voided_paise`;
-- `late` counts every payment (voided or not) that arrived after its day was reported closed.
CREATE TABLE collections_daily (
  terminal_id   TEXT NOT NULL REFERENCES terminals(id),
  business_date DATE NOT NULL,
  mode          TEXT NOT NULL,
  cashier       TEXT NOT NULL,
  payments      BIGINT NOT NULL DEFAULT 0 CHECK (payments >= 0),
  amount_paise  BIGINT NOT NULL DEFAULT 0,
  voids         BIGINT NOT NULL DEFAULT 0 CHECK (voids >= 0),
  voided_paise  BIGINT NOT NULL DEFAULT 0,
  late          BIGINT NOT NULL DEFAULT 0 CHECK (late >= 0),
  PRIMARY KEY (terminal_id, business_date, mode, cashier)
);
-- The census reads each terminal's count for today from the index alone.
CREATE INDEX collections_daily_day ON collections_daily(business_date, terminal_id) INCLUDE (payments, voids);

INSERT INTO collections_daily (terminal_id, business_date, mode, cashier, payments, amount_paise, voids, voided_paise, late)
SELECT terminal_id, business_date, mode, cashier,
       COUNT(*) FILTER (WHERE voided_seq IS NULL), COALESCE(SUM(amount_paise) FILTER (WHERE voided_seq IS NULL), 0),
       COUNT(*) FILTER (WHERE voided_seq IS NOT NULL), COALESCE(SUM(amount_paise) FILTER (WHERE voided_seq IS NOT NULL), 0),
       COUNT(*) FILTER (WHERE late)
  FROM payments GROUP BY terminal_id, business_date, mode, cashier;
