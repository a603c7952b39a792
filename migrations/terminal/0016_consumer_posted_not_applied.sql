-- What the centre knows was paid on the consumer's current bill and not taken off its due by the
-- billing system's latest master (issue 19; the feed's record version 3): JSON of
-- shared/consumer-record.ts PostedNotApplied, or NULL. The counter's consumer card says so, so the
-- cashier can tell the consumer the payment is recorded and the bill is billing's to correct.
ALTER TABLE consumers ADD COLUMN posted_not_applied TEXT CHECK (posted_not_applied IS NULL OR json_valid(posted_not_applied));
