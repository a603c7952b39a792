-- What the consumer owed on the bill when the payment was taken (the due less what was paid on it
-- here before), so the receipt, and every reprint of it, says what the payment left: a balance
-- still due or an advance carried to the next bill (issue 16 #6). NULL for an account typed by
-- hand and for payments taken before this column.
ALTER TABLE payments ADD COLUMN owed_before_paise INTEGER;
