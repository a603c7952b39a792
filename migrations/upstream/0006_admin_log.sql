-- The centre's admin log (issue 17): every administrative action — an enrollment code issued, a
-- terminal revoked, a consumer master imported, … — as an append-only chain signed with the
-- server key, as a terminal's journal is signed with its own. `body` holds the exact signed text
-- (RFC 8785 JSON: seq, prev, at, actor, action, subject, before, after, note); the other columns
-- repeat it for queries, and `counterfoil-upstream verify` checks they still agree.
CREATE TABLE admin_log (
  seq     BIGINT PRIMARY KEY CHECK (seq > 0),
  at      TIMESTAMPTZ NOT NULL,
  actor   TEXT NOT NULL,
  action  TEXT NOT NULL,
  subject TEXT NOT NULL,
  body    TEXT NOT NULL,
  hash    BYTEA NOT NULL UNIQUE CHECK (length(hash) = 32),
  sig     BYTEA NOT NULL CHECK (length(sig) = 64)
);

CREATE FUNCTION admin_log_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'admin_log is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER admin_log_no_update BEFORE UPDATE OR DELETE ON admin_log
  FOR EACH ROW EXECUTE FUNCTION admin_log_append_only();
CREATE TRIGGER admin_log_no_truncate BEFORE TRUNCATE ON admin_log
  FOR EACH STATEMENT EXECUTE FUNCTION admin_log_append_only();
