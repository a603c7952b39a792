-- Wrong PINs by the name typed, known or not (issue 15 #3): an unknown name is counted and locked
-- exactly as a user is, so the answers cannot tell which names exist. `failures` is the streak
-- since the last right PIN (forgiven after a day without one); from the fifth on, each failure
-- locks the name for longer (core/auth/lockout.ts). The users table no longer keeps the count.
CREATE TABLE pin_attempts (
  name            TEXT PRIMARY KEY,
  failures        INTEGER NOT NULL CHECK (failures >= 0),
  last_failure_at TEXT NOT NULL,
  locked_until    TEXT
) STRICT;

INSERT INTO pin_attempts (name, failures, last_failure_at, locked_until)
  SELECT name, failed_attempts, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), locked_until
  FROM users WHERE failed_attempts > 0 OR locked_until IS NOT NULL;

ALTER TABLE users DROP COLUMN failed_attempts;
ALTER TABLE users DROP COLUMN locked_until;
