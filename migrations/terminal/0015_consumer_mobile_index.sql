-- A typed 10-digit mobile number is searched by the last 4 digits the terminal keeps (issue 16 #3):
-- an index, so a list of 600,000 consumers answers it as fast as an account number.
CREATE INDEX consumers_mobile_last4 ON consumers (mobile_last4);
