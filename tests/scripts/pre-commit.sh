#!/usr/bin/env bash
# The pre-commit hook, for real: it fails on the broken example with the
# findings and passes on the clean one.
set -euo pipefail
cd "$(dirname "$0")/../.."
. tests/scripts/lib.sh

if ! ensure_pip pre-commit pre-commit; then
  notice "pre-commit unavailable: hook test skipped"
  exit 0
fi
export PRE_COMMIT_HOME="$tools_dir/pre-commit"
log=$(mktemp)
trap 'rm -f "$log"' EXIT

if pre-commit try-repo . rolelint --files examples/broken.yaml >"$log" 2>&1; then
  cat "$log"
  echo "FAIL: the hook passed on examples/broken.yaml"
  exit 1
fi
grep -q "split-delivery-and-vision" "$log" || { cat "$log"; echo "FAIL: findings missing from the hook output"; exit 1; }
echo "ok: the hook fails on examples/broken.yaml and shows the findings"

if ! pre-commit try-repo . rolelint --files examples/roles.yaml >"$log" 2>&1; then
  cat "$log"
  echo "FAIL: the hook failed on examples/roles.yaml"
  exit 1
fi
echo "ok: the hook passes on examples/roles.yaml"
