-- A terminal keeps only the last 4 digits of a consumer's mobile number (issue 15 #10): the centre
-- keeps the whole number, and the last 4 are all a counter needs to find a consumer (the search
-- index held no more already). Cut what is stored, name the column for what it holds, and refuse
-- anything longer from here on, whatever code writes it.
-- The whole numbers must not linger in the file's free pages either (from this cut, or from years of
-- feed updates), so the migration runner vacuums the database once this has committed:
-- then: VACUUM
UPDATE consumers SET mobile = substr(mobile, -4) WHERE length(mobile) > 4;
ALTER TABLE consumers RENAME COLUMN mobile TO mobile_last4;
CREATE TRIGGER consumers_mobile_last4_insert BEFORE INSERT ON consumers
WHEN NEW.mobile_last4 <> '' AND NEW.mobile_last4 NOT GLOB '[0-9][0-9][0-9][0-9]'
BEGIN SELECT RAISE(ABORT, 'a terminal keeps only the last 4 digits of a mobile number'); END;
CREATE TRIGGER consumers_mobile_last4_update BEFORE UPDATE OF mobile_last4 ON consumers
WHEN NEW.mobile_last4 <> '' AND NEW.mobile_last4 NOT GLOB '[0-9][0-9][0-9][0-9]'
BEGIN SELECT RAISE(ABORT, 'a terminal keeps only the last 4 digits of a mobile number'); END;
