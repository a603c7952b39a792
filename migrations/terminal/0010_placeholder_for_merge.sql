-- Placeholder on branch trust-verify only: another branch of issue 15 adds the real 0010, and this
-- branch's 0011 must not leave a gap meanwhile. The merge takes that branch's 0010 and deletes this
-- file (two files numbered 0010 are refused at start-up, so it cannot be missed).
SELECT 1;
