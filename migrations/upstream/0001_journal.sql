-- The central journal: every terminal's signed events, exactly as they were signed, checked in
-- order on the way in (DESIGN §6). Forks, gaps and forgeries are refused and kept as alerts.

CREATE TABLE server_key (
  id              INT PRIMARY KEY CHECK (id = 1),
  -- The reference server keeps its checkpoint-signing key here; a deployment would hold it in a vault.
  private_key_pem TEXT NOT NULL
);

CREATE TABLE terminals (
  id            TEXT PRIMARY KEY,
  public_key    BYTEA NOT NULL CHECK (length(public_key) = 32),
  key_id        TEXT NOT NULL,
  substation    TEXT NOT NULL,
  counter       TEXT NOT NULL,
  enrolled_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
  head_seq      BIGINT NOT NULL DEFAULT 0,
  head_hash     BYTEA,
  -- Set on a fork or a revoked key: nothing more is accepted until an operator acts.
  frozen_reason TEXT
);

CREATE TABLE enroll_codes (
  code        TEXT PRIMARY KEY,
  substation  TEXT NOT NULL,
  counter     TEXT NOT NULL,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  used_at     TIMESTAMPTZ,
  terminal_id TEXT REFERENCES terminals(id)
);

CREATE TABLE events (
  terminal_id TEXT NOT NULL REFERENCES terminals(id),
  seq         BIGINT NOT NULL CHECK (seq > 0),
  type        TEXT NOT NULL,
  body        TEXT NOT NULL,
  hash        BYTEA NOT NULL CHECK (length(hash) = 32),
  sig         BYTEA NOT NULL CHECK (length(sig) = 64),
  terminal_at TIMESTAMPTZ NOT NULL,
  received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (terminal_id, seq)
);

CREATE TABLE alerts (
  id          BIGSERIAL PRIMARY KEY,
  terminal_id TEXT,
  kind        TEXT NOT NULL,
  detail      JSONB NOT NULL,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX alerts_terminal ON alerts(terminal_id, id);
