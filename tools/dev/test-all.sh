#!/usr/bin/env bash
# The README's test command: on a fresh Debian/Ubuntu machine with Node 20 it installs the
# system packages the suites need (only those missing, saying which), then the npm
# dependencies, then runs every suite: lint (import fences), typecheck (per layer), tests.
set -euo pipefail
cd "$(dirname "$0")/../.."

# python3, make, g++: better-sqlite3 compiles from source here. openssl: a test verifies a
# receipt signature with it, as an outside auditor would.
SYSTEM_PACKAGES=(python3 make g++ openssl)

missing=()
for p in "${SYSTEM_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing system packages the tests need: ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then SUDO=(); elif command -v sudo >/dev/null; then SUDO=(sudo); else
    echo "error: not root and no sudo; install them yourself: apt-get install ${missing[*]}" >&2; exit 1
  fi
  "${SUDO[@]}" apt-get update
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
fi

echo "Installing npm dependencies (npm ci)"
npm ci --no-audit --no-fund

echo "== lint (import fences)"
npm run lint
echo "== typecheck (one tsconfig per layer)"
npm run typecheck
echo "== tests"
npm test
