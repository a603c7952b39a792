#!/usr/bin/env bash
# Type-checks each layer with its own tsconfig (its own lib and types), so core/ cannot see the
# DOM and shared/, renderer/ and console/ cannot see Node. A layer with no TypeScript yet is skipped.
set -euo pipefail
cd "$(dirname "$0")/../.."
status=0
for layer in shared core electron web-shell renderer console upstream test test/renderer test/console; do
  if [ -z "$(find "$layer" -name '*.ts' -o -name '*.tsx' | head -n 1)" ]; then
    echo "typecheck $layer: no TypeScript yet, skipped"
    continue
  fi
  if npx --no-install tsc -p "$layer"; then echo "typecheck $layer: ok"; else status=1; fi
done
exit $status
