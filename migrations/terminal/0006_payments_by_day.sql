-- The receipts screen finds a day's payments by date alone (newest first).
CREATE INDEX payments_day ON payments(business_date, seq);
