-- When the consumer's current bill (its number or amount due) reached this terminal (issue 16 #2).
-- Payments taken here since then are not yet in that amount due: the counter shows them, takes
-- them off the due, and asks before a second payment on a bill already paid. A feed that sends the
-- same bill again does not move it (updated_at does).
ALTER TABLE consumers ADD COLUMN bill_since TEXT NOT NULL DEFAULT '';
UPDATE consumers SET bill_since = updated_at;
