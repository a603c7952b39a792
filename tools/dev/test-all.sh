#!/usr/bin/env bash
# The README's test command: on a fresh Debian/Ubuntu machine with Node 20 it installs the
# system packages the suites need (only those missing, saying which), starts a PostgreSQL
# server for the upstream's tests, then the npm dependencies, then runs every suite: lint
# (import fences), typecheck (per layer), tests.
set -euo pipefail
cd "$(dirname "$0")/../.."

# python3, make, g++: better-sqlite3 compiles from source here. openssl: a test verifies a
# receipt signature with it, as an outside auditor would. postgresql: the upstream's tests run
# on a real server as well as on PGlite, since production runs on the server. chromium,
# fonts-noto-core: the end-to-end suites drive the web shell in Debian's Chromium (Playwright
# never downloads a browser here), with the fonts a counter PC shows Hindi in. poppler-utils:
# the PDF export is read back with pdftotext, as a person's PDF reader would read it.
SYSTEM_PACKAGES=(python3 make g++ openssl postgresql chromium fonts-noto-core poppler-utils)

if [ "$(id -u)" -eq 0 ]; then SUDO=(); AS_POSTGRES=(runuser -u postgres --)
elif command -v sudo >/dev/null; then SUDO=(sudo); AS_POSTGRES=(sudo -u postgres --)
else SUDO=(); AS_POSTGRES=()
fi
privileged() { [ ${#AS_POSTGRES[@]} -gt 0 ]; }

missing=()
for p in "${SYSTEM_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ] && ! privileged; then
  # Without root the PostgreSQL server is the one package the tests can do without: the
  # upstream suites then run on PGlite only (and say so). The others they cannot.
  required=()
  for p in "${missing[@]}"; do [ "$p" = postgresql ] || required+=("$p"); done
  if [ ${#required[@]} -gt 0 ]; then
    echo "error: not root and no sudo; install them yourself: apt-get install ${missing[*]}" >&2; exit 1
  fi
  missing=()
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing system packages the tests need: ${missing[*]}"
  "${SUDO[@]}" apt-get update
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
fi

# A PostgreSQL server on 127.0.0.1 and a role that may create databases: each upstream suite
# makes its own database through TEST_DATABASE_URL and drops it after (test/support/upstream-db.ts).
# A TEST_DATABASE_URL already set is used as given (a developer's own server).
PG_ROLE=counterfoil_test
PG_PASSWORD=counterfoil_test # a throwaway role on a loopback-only test server
start_postgres() {
  if ! command -v pg_lsclusters >/dev/null; then
    echo "PostgreSQL: not installed (not root, no sudo), so no test server: the upstream tests run on PGlite only"
    return
  fi
  # The cluster: one already running if any, else the newest version's. Installing the package
  # makes one; a createcluster.conf that turned that off leaves none, so make it then.
  local line ver name port status
  line=$(pg_lsclusters -h | grep -m 1 -E '^\S+ \S+ [0-9]+ online' || pg_lsclusters -h | sort -V | tail -n 1)
  if [ -z "$line" ] && privileged; then
    ver=$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -V | tail -n 1)
    echo "PostgreSQL: making cluster $ver/main"
    "${SUDO[@]}" pg_createcluster "$ver" main >/dev/null
    line=$(pg_lsclusters -h | grep -m 1 "^$ver main ")
  fi
  read -r ver name port status _ <<<"$line"
  local url="postgres://$PG_ROLE:$PG_PASSWORD@127.0.0.1:${port:-5432}/$PG_ROLE"
  # Already set up (a developer's second run): nothing to do, and no sudo password asked.
  if [[ "${status:-}" == online* ]] &&
    [ "$(psql -X -A -t -d "$url" -c 'SELECT rolcreatedb FROM pg_roles WHERE rolname = current_user' 2>/dev/null)" = t ]; then
    export TEST_DATABASE_URL="$url"
    echo "PostgreSQL: $ver/$name on 127.0.0.1:$port, role $PG_ROLE ready"
    return
  fi
  if ! privileged; then
    echo "PostgreSQL: not root and no sudo, so no test server or role: the upstream tests run on PGlite only"
    return
  fi
  if [[ "$status" != online* ]]; then
    # A container has no init system to start it; pg_ctlcluster runs it as its owner and waits.
    echo "PostgreSQL: starting cluster $ver/$name on port $port"
    "${SUDO[@]}" pg_ctlcluster "$ver" "$name" start
  fi
  # Idempotent: the role and database are made once; the password and rights are set each time.
  # (cd /: psql as postgres cannot read this checkout's directory.)
  (cd / && "${AS_POSTGRES[@]}" psql -X -q -v ON_ERROR_STOP=1 -p "$port" -d postgres) <<SQL
SELECT 'CREATE ROLE $PG_ROLE' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_ROLE') \gexec
ALTER ROLE $PG_ROLE LOGIN CREATEDB PASSWORD '$PG_PASSWORD';
SELECT 'CREATE DATABASE $PG_ROLE OWNER $PG_ROLE' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$PG_ROLE') \gexec
SQL
  export TEST_DATABASE_URL="$url"
  echo "PostgreSQL: $ver/$name on 127.0.0.1:$port, role $PG_ROLE ready"
}
if [ -n "${TEST_DATABASE_URL:-}" ]; then
  echo "PostgreSQL: using TEST_DATABASE_URL as set"
else
  start_postgres
fi

echo "Installing npm dependencies (npm ci)"
npm ci --no-audit --no-fund

echo "== lint (import fences)"
npm run lint
echo "== typecheck (one tsconfig per layer)"
npm run typecheck
echo "== tests"
npm test
