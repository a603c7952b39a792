-- Issue 17 #4: a replacement terminal planned for a counter. The enrollment code names the terminal
-- it replaces; when the new one enrolls with it, the old one is marked replaced (by whom, when). The
-- old key is not revoked: what the old PC journaled and has not sent (a bundle from its disk) is
-- still taken in and checked. The census stops expecting it to call or close days after that day.
ALTER TABLE enroll_codes ADD COLUMN replaces TEXT REFERENCES terminals(id);
ALTER TABLE terminals ADD COLUMN replaced_by TEXT REFERENCES terminals(id);
ALTER TABLE terminals ADD COLUMN replaced_at TIMESTAMPTZ;
