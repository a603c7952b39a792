-- What the terminal knows of the central server: where it is, its checkpoint key, and how far
-- it has acknowledged this journal. One row once the terminal is enrolled.
CREATE TABLE sync_state (
  id              INTEGER PRIMARY KEY CHECK (id = 1),
  upstream_url    TEXT NOT NULL,
  server_key      TEXT NOT NULL,
  enrolled_at     TEXT NOT NULL,
  acked_seq       INTEGER NOT NULL DEFAULT 0,
  acked_hash      TEXT,
  -- The last signed checkpoint the server gave: the terminal keeps it as an anchor.
  checkpoint_json TEXT,
  last_success_at TEXT,
  last_error      TEXT,
  -- Set when the server answered 409 (a fork): uploading stops until a supervisor acts.
  stopped_reason  TEXT
) STRICT;
