#!/usr/bin/env bash
# The GitHub Action and example workflow pass zizmor (no findings) and the
# GitHub Actions schemas (check-jsonschema).
set -euo pipefail
cd "$(dirname "$0")/../.."
. tests/scripts/lib.sh

status=0
if ensure_pip zizmor zizmor; then
  zizmor --offline --format plain action.yml .github/workflows/ || status=1
else
  notice "zizmor unavailable: action audit skipped"
fi
if ensure_pip check-jsonschema check-jsonschema; then
  check-jsonschema --builtin-schema vendor.github-actions action.yml || status=1
  check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml || status=1
else
  notice "check-jsonschema unavailable: schema checks of action.yml skipped"
fi
exit $status
