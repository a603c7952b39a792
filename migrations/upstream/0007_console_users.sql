-- The centre's console users and their sessions (issue 17, DESIGN §9). A user is made with a
-- one-time set-up token (only its SHA-256 kept) and sets their own password — and, for an admin,
-- an authenticator app — through the link. Sessions are held by the SHA-256 of their cookie.
CREATE TABLE console_users (
  name              TEXT PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9._-]{1,31}$'),
  role              TEXT NOT NULL CHECK (role IN ('admin', 'finance', 'auditor', 'viewer')),
  -- scrypt$N$r$p$salt$hash (base64url); NULL until the user has set one through the link.
  password_hash     TEXT,
  -- The TOTP secret (base32) an admin's authenticator app holds; the last 30-second step used,
  -- so a code is taken once.
  totp_secret       TEXT,
  totp_last_step    BIGINT,
  -- A pending set-up: the token's hash, when it expires, and the TOTP secret offered with it.
  setup_token_hash  BYTEA UNIQUE CHECK (length(setup_token_hash) = 32),
  setup_expires_at  TIMESTAMPTZ,
  setup_totp_secret TEXT,
  -- Wrong sign-ins in a row, counted before the password is checked (so parallel guesses each
  -- take a turn), and the lock they earned.
  failed_attempts   INT NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
  locked_until      TIMESTAMPTZ,
  disabled_at       TIMESTAMPTZ,
  created_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE console_sessions (
  token_hash   BYTEA PRIMARY KEY CHECK (length(token_hash) = 32),
  user_name    TEXT NOT NULL REFERENCES console_users (name),
  created_at   TIMESTAMPTZ NOT NULL,
  last_seen_at TIMESTAMPTZ NOT NULL,
  ended_at     TIMESTAMPTZ
);
CREATE INDEX console_sessions_user ON console_sessions (user_name) WHERE ended_at IS NULL;
