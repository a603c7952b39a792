#!/usr/bin/env bash
# The README's run command. Installs npm dependencies when needed, then runs the counter app with
# a demo terminal (users asha/1111, ravi/2222, supervisor meena/909090), the virtual printer, and a
# local upstream it is enrolled with — all kept in ./.demo so a second start picks up the same day.
# Where the Electron binary exists (and better-sqlite3 is built for it) the app is the Electron
# window, with its demo in ./.demo/electron (its key moves into the OS key store, so that terminal
# is Electron's alone). Elsewhere — this machine cannot download Electron — it runs as the web
# shell: the same renderer and core, in Chromium's app mode when it is installed.
# Arguments go to the web shell, e.g. `npm start -- --no-open --port 8090`.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  bash tools/dev/build-tools.sh
  echo "Installing npm dependencies (npm ci)" >&2
  npm ci --no-audit --no-fund >&2
fi
# The npm package's require('electron') is the binary's path once its download ran, and throws
# when it did not (allowScripts keeps it from running here).
electron_bin=$(node -e "const p = require('electron'); if (require('fs').existsSync(p)) process.stdout.write(p)" 2>/dev/null) || electron_bin=
host=web
if [ -z "$electron_bin" ]; then
  echo "No Electron binary on this machine (it cannot be downloaded here): running the web shell instead — the same renderer and core in Chromium." >&2
elif ! ELECTRON_RUN_AS_NODE=1 "$electron_bin" -e "new (require('better-sqlite3'))(':memory:').close()" >/dev/null 2>&1; then
  echo "Electron is here but better-sqlite3 is built for Node, not for it (npx @electron/rebuild -f -w better-sqlite3 switches it; npm rebuild better-sqlite3 switches back): running the web shell instead." >&2
else
  host=electron
fi

DEMO=.demo
[ "$host" = electron ] && DEMO=.demo/electron
mkdir -p "$DEMO"
up() { node upstream/bin.js --data "$DEMO/upstream" "$@"; }
args=()
if [ ! -e "$DEMO/terminal/counterfoil.db" ]; then
  echo "Setting up the demo upstream: 5,000 consumers and an enrollment code" >&2
  up seed-demo --consumers 5000 >/dev/null
  code=$(up enroll-code --substation SS042 --counter C1)
fi
# The centre's console: an admin, two more counters' history and one alert, made once (before the
# server holds the folder); its build is served at /console/.
npx --no-install tsx tools/dev/demo-centre.ts --data "$DEMO/upstream" --credentials "$DEMO/console-admin.json"
npm run -s build:console

# The upstream runs beside the app and stops with it, on a fixed port: the terminal keeps the
# address it enrolled with. node itself is the background job (not a subshell running `up`), so
# the EXIT trap's kill reaches it when the app ends without a Ctrl-C (the window closed).
node upstream/bin.js --data "$DEMO/upstream" serve --port "${COUNTERFOIL_DEMO_UPSTREAM_PORT:-8480}" > "$DEMO/upstream.log" 2>&1 &
upstream_pid=$!
trap 'kill $upstream_pid 2>/dev/null || true' EXIT
for _ in $(seq 150); do grep -q 'listening on' "$DEMO/upstream.log" && break; kill -0 $upstream_pid 2>/dev/null || break; sleep 0.1; done
url=$(grep -m1 -oE 'http://127\.0\.0\.1:[0-9]+' "$DEMO/upstream.log") || { cat "$DEMO/upstream.log" >&2; exit 1; }
# The upstream announces that verify page; the demo terminal puts it in every receipt's QR once
# enrolled (or, enrolled by an older start, at its next sync pass).
echo "Demo upstream: $url/v1 (verify page, in every receipt's QR: $url/v1/verify?c=…)" >&2
admin_password=$(node -e "process.stdout.write(JSON.parse(require('fs').readFileSync('$DEMO/console-admin.json', 'utf8')).password)")
admin_secret=$(node -e "process.stdout.write(JSON.parse(require('fs').readFileSync('$DEMO/console-admin.json', 'utf8')).totpSecret)")
echo "Centre console: $url/console/ — sign in as admin / $admin_password with the 6-digit code an authenticator app shows for the secret $admin_secret, or that" >&2
echo "  npx tsx tools/dev/demo-centre.ts --code --credentials $DEMO/console-admin.json   prints" >&2
finance_password=$(node -e "process.stdout.write(JSON.parse(require('fs').readFileSync('$DEMO/console-admin.json', 'utf8')).finance?.password ?? '(made before the money demo: remove $DEMO to remake it)')")
echo "  Money (bank reconciliation): sign in as finance / $finance_password" >&2
# The first start enrolls the new terminal with a one-time code; later starts find it enrolled.
[ -n "${code:-}" ] && args+=(--upstream "$url" --code "$code")

npm run -s build:renderer
if [ "$host" = web ]; then
  # It prints a one-time login link (Chromium opens on one of its own, handed over in a 0600 file,
  # never on its command line); stdin stays this terminal's, so Enter here prints a fresh link.
  npx --no-install tsx web-shell/main.ts --data "$DEMO/terminal" --demo "${args[@]}" "$@"
  exit
fi

# Electron: the virtual printer runs beside it (the web shell starts its own), then the window.
npm run -s build:electron >&2
node --import tsx tools/virtual-printer/main.ts --port 0 --out "$DEMO/virtual-printer-jobs" > "$DEMO/printer.log" 2>&1 < /dev/null &
printer_pid=$!
trap 'kill $upstream_pid $printer_pid 2>/dev/null || true' EXIT
for _ in $(seq 150); do grep -q 'listening on' "$DEMO/printer.log" && break; kill -0 $printer_pid 2>/dev/null || break; sleep 0.1; done
printer=$(grep -m1 -oE '127\.0\.0\.1:[0-9]+' "$DEMO/printer.log") || { cat "$DEMO/printer.log" >&2; exit 1; }
echo "Virtual printer: $printer (jobs in $DEMO/virtual-printer-jobs)" >&2
# Chromium will not start as root with its OS sandbox (as for the web shell's Chromium).
sandbox=()
[ "$(id -u)" = 0 ] && sandbox=(--no-sandbox)
"$electron_bin" "${sandbox[@]}" out/main/index.mjs --data "$DEMO/terminal" --demo --printer "tcp://$printer" "${args[@]}" "$@"
