#!/usr/bin/env bash
# better-sqlite3 compiles from source on `npm ci` here, so a fresh machine needs python3, make and
# g++ before the first install. Installs the missing ones (as root, or with sudo) as test:all does;
# otherwise, or with --check, says in one line what to install and fails.
set -euo pipefail
missing=()
for tool in python3 make g++; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
[ ${#missing[@]} -eq 0 ] && exit 0
say() { echo "error: better-sqlite3 is compiled from source on this machine and needs ${missing[*]}: apt-get install ${missing[*]}" >&2; exit 1; }
[ "${1:-}" = --check ] && say
if [ "$(id -u)" -eq 0 ]; then SUDO=()
elif command -v sudo >/dev/null 2>&1; then SUDO=(sudo)
else say
fi
echo "Installing the build tools better-sqlite3 needs: ${missing[*]}" >&2
"${SUDO[@]}" apt-get update >&2
DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y --no-install-recommends "${missing[@]}" >&2
