#!/usr/bin/env bash
# `npm run demo`: installs npm dependencies when needed, makes a demo terminal, enrolls it with a
# local centre and walks a short counter day through the counterfoil CLI, ending with the printed
# receipt's QR opening the centre's verify page (`npm start` is the app itself).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi
DATA="${1:-$(mktemp -d)/terminal}"
cf() { echo "\$ counterfoil --data $DATA $*" >&2; node core/bin.js --data "$DATA" "$@"; }
step() { printf '\n== %s\n' "$1" >&2; }
central="$(dirname "$DATA")/central"
up() { echo "\$ counterfoil-upstream --data $central $*" >&2; node upstream/bin.js --data "$central" "$@"; }
# What the demo starts in the background (the centre, the virtual printer): stopped, and waited
# for, when it ends — the demo has ended only when nothing it started still runs.
pids=()
stop_all() { for p in ${pids[@]+"${pids[@]}"}; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null || true; done; }
trap stop_all EXIT

step "Set up a terminal for substation SS042, counter C1, with 2,000 demo consumers"
cf init --substation SS042 --counter C1 --demo-consumers 2000
step "Start a local centre and enroll the terminal with a one-time code: the centre announces its verify page, which every receipt's QR will open"
code=$(up enroll-code --substation SS042 --counter C1) # before serve: PGlite is one process's
echo "$code" >&2
uplog="$(dirname "$DATA")/central.log"
# node itself is the background job (not `up` in a subshell), so stop_all's kill reaches it.
node upstream/bin.js --data "$central" serve --port 0 > "$uplog" 2>&1 < /dev/null &
pids+=($!)
for _ in $(seq 600); do grep -q 'verify page' "$uplog" && break; kill -0 "${pids[0]}" 2>/dev/null || break; sleep 0.1; done
cat "$uplog" >&2
url=$(grep -m1 -oE 'http://127\.0\.0\.1:[0-9]+' "$uplog") || exit 1
cf enroll --upstream "$url" --code "$code"
step "Find a consumer"
cf consumers --search sharma --limit 2
step "Open a shift and take payments in all five modes"
cf shift open --user asha --pin 1111 --float 2000
today=$(TZ=Asia/Kolkata date +%F)
# Not `tee /dev/stderr`: with stderr redirected to a file, tee reopens (and truncates) that file.
paid=$(cf pay --user asha --pin 1111 --account 2100000007 --amount 1234.50 --mode cash)
echo "$paid" >&2
receipt=$(node -pe 'JSON.parse(process.argv[1]).receiptNo' "$paid")
cf pay --user asha --pin 1111 --account 2100000014 --amount 2,500 --mode cheque --cheque-no 123456 --bank "State Bank of India" --instrument-date "$today"
cf pay --user asha --pin 1111 --account 2100000021 --amount 800 --mode dd --dd-no 654321 --bank "Punjab National Bank" --instrument-date "$today"
cf pay --user asha --pin 1111 --account 2100000028 --amount 640.75 --mode upi --utr "$(date +%s)00"
cf pay --user asha --pin 1111 --account 2100000035 --amount 1,999 --mode card --card-last4 4321 --approval A1B2C3
step "A mistake is refused with a clear message (post-dated cheque)"
cf pay --user asha --pin 1111 --account 2100000042 --amount 500 --mode cheque --cheque-no 111111 --bank SBI --instrument-date 2099-01-01 || true
step "The supervisor cancels a receipt"
cf void --receipt-no "$receipt" --supervisor meena --pin 909090 --reason "wrong account"
step "Close the shift with a cash count"
cf shift close --user asha --pin 1111 --count 500:4,coins:0
step "Print the first receipt and its numbered duplicate on the virtual printer"
jobs="$(dirname "$DATA")/printed"
log="$(dirname "$DATA")/printer.log"
# node itself is the background job (not npx, whose child would outlive the trap's kill).
node --import tsx tools/virtual-printer/main.ts --port 0 --out "$jobs" > "$log" 2>&1 < /dev/null &
pids+=($!)
for _ in $(seq 100); do grep -q listening "$log" && break; sleep 0.1; done
ready=$(grep -m1 listening "$log")
echo "$ready" >&2
port=$(echo "$ready" | sed -E 's/.*127\.0\.0\.1:([0-9]+).*/\1/')
cf print --receipt-no "$receipt" --printer "tcp://127.0.0.1:$port"
cf print --receipt-no "$receipt" --printer "tcp://127.0.0.1:$port" --duplicate
cf preview --receipt-no "$receipt" --png "$(dirname "$DATA")/receipt.png"
step "Verify the whole journal: chain, signatures, projections"
cf verify
step "The terminal public key, to check any receipt code offline"
pem="$(dirname "$DATA")/terminal.pem"
cf key --pem | tee "$pem"
code=$(cf receipt-code --receipt-no "$receipt")
step "Anyone can check a receipt code with the public key alone: the signature is genuine"
cf verify-receipt "$code" --key "$pem"
step "With the terminal's ledger the same code is also checked against it: this receipt was cancelled above (exit 1)"
cf verify-receipt "$code" || true
step "A phone that scans the printed receipt opens the centre's verify page: its QR, read back from the printer's bytes"
for _ in $(seq 100); do grep -q 'qr=' "$log" && break; sleep 0.1; done
qr=$(grep -m1 -oE 'qr=[^ ,]+' "$log" | cut -c4-)
echo "$qr" >&2
case "$qr" in
  "$url/v1/verify?c=CF1"*) ;;
  *) echo "the receipt's QR does not open the centre's verify page ($url/v1/verify)" >&2; exit 1 ;;
esac
step "Send the journal to the centre; its verify page then says the receipt is genuine, held centrally and cancelled"
cf sync
node -e 'fetch(process.argv[1], { headers: { accept: "application/json" } }).then(async (r) => console.log(r.status, await r.text()))' "$qr" >&2
printf '\nDemo terminal data is in %s; the printed receipts (.bin and .png) are in %s; the centre (PGlite) is in %s\n' "$DATA" "$jobs" "$central" >&2
