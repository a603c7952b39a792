-- Key rotation (docs/journal.md): every key a terminal has signed with, and the first seq it signs.
-- terminals.public_key / key_id stay the key in force (read requests, the next upload); this
-- table lets the verify page check a receipt printed before a rotation with the key of its seq.
CREATE TABLE terminal_keys (
  terminal_id TEXT NOT NULL REFERENCES terminals(id),
  from_seq    BIGINT NOT NULL CHECK (from_seq > 0),
  key_id      TEXT NOT NULL,
  public_key  BYTEA NOT NULL CHECK (length(public_key) = 32),
  PRIMARY KEY (terminal_id, from_seq)
);

INSERT INTO terminal_keys (terminal_id, from_seq, key_id, public_key)
SELECT id, 1, key_id, public_key FROM terminals;
