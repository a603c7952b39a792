-- The CF1 code of each payment, as signed when it was recorded (DESIGN §5). A duplicate receipt or
-- `receipt-code` after a key rotation must give the very code the consumer holds, which only the
-- retired key could make; so codes are kept, never signed again. Payments recorded before this
-- table get theirs when the key that signed them is rotated (core/terminal/key-rotation.ts).
CREATE TABLE receipt_codes (
  seq  INTEGER PRIMARY KEY REFERENCES payments(seq),
  code TEXT NOT NULL
) STRICT;
CREATE TRIGGER receipt_codes_no_update BEFORE UPDATE ON receipt_codes
BEGIN SELECT RAISE(ABORT, 'receipt codes are never edited'); END;
CREATE TRIGGER receipt_codes_no_delete BEFORE DELETE ON receipt_codes
BEGIN SELECT RAISE(ABORT, 'receipt codes are never deleted'); END;
