#!/usr/bin/env bash
# The README's run command. Installs npm dependencies when needed, then runs the counter app with
# a demo terminal (users asha/1111, ravi/2222, supervisor meena/9999), the virtual printer, and a
# local upstream it is enrolled with — all kept in ./.demo so a second start picks up the same day.
# The Electron window needs the Electron binary, which this machine cannot download: here the app
# runs as the web shell (the same renderer and core, in Chromium's app mode when it is installed).
# Arguments go to the web shell, e.g. `npm start -- --no-open --port 8090`.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing npm dependencies (npm ci)" >&2
  npm ci --no-audit --no-fund >&2
fi
if node -e "require('electron')" 2>/dev/null; then
  echo "Electron is installed, but its window host is not built yet; running the web shell." >&2
else
  echo "No Electron binary on this machine (it cannot be downloaded here): running the web shell instead." >&2
fi

DEMO=.demo
mkdir -p "$DEMO"
up() { node upstream/bin.js --data "$DEMO/upstream" "$@"; }
args=()
if [ ! -e "$DEMO/terminal/counterfoil.db" ]; then
  echo "Setting up the demo upstream: 5,000 consumers and an enrollment code" >&2
  up seed-demo --consumers 5000 >/dev/null
  args+=(--code "$(up enroll-code --substation SS042 --counter C1)")
fi

# The upstream runs beside the app and stops with it, on a fixed port: the terminal keeps the
# address it enrolled with.
up serve --port "${COUNTERFOIL_DEMO_UPSTREAM_PORT:-8480}" > "$DEMO/upstream.log" 2>&1 &
upstream_pid=$!
trap 'kill $upstream_pid 2>/dev/null || true' EXIT
for _ in $(seq 150); do grep -q 'listening on' "$DEMO/upstream.log" && break; kill -0 $upstream_pid 2>/dev/null || break; sleep 0.1; done
url=$(grep -m1 -oE 'http://127\.0\.0\.1:[0-9]+' "$DEMO/upstream.log") || { cat "$DEMO/upstream.log" >&2; exit 1; }
echo "Demo upstream: $url/v1 (verify page: $url/v1/verify?c=…)" >&2

npm run -s build:renderer
npx --no-install tsx web-shell/main.ts --data "$DEMO/terminal" --demo --upstream "$url" "${args[@]}" "$@"
