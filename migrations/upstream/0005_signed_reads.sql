-- Signed reads a terminal made, remembered while their time could still pass the server's window
-- (issue 15): a captured read (the head, a page of consumers with names and mobile numbers)
-- cannot be sent again. Kept in the database, so several server processes refuse a replay alike.
CREATE TABLE signed_reads (
  terminal_id TEXT NOT NULL,
  -- SHA-256 of the signed text "GET\n{path?query}\n{time}": a replay carries the very same text.
  text_hash   BYTEA NOT NULL CHECK (length(text_hash) = 32),
  seen_at     TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (terminal_id, text_hash)
);
CREATE INDEX signed_reads_seen ON signed_reads(seen_at);
