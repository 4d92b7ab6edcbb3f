#!/usr/bin/env bash
# Validate rolelint's SARIF with the real SARIF multitool: no errors allowed.
set -euo pipefail
cd "$(dirname "$0")/../.."
. tests/scripts/lib.sh

if ! multitool=$(ensure_npm @microsoft/sarif-multitool sarif-multitool); then
  notice "npm or @microsoft/sarif-multitool unavailable: SARIF validation skipped"
  exit 0
fi
rolelint=$(rolelint_bin)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
status=0
validate() { # name: validate $out/NAME.sarif
  local name=$1 log errors warnings
  log=$("$multitool" validate "$out/$name.sarif" -o "$out/$name.validation.sarif" --log ForceOverwrite 2>&1) || true
  errors=$(printf '%s\n' "$log" | grep -c ': error ' || true)
  warnings=$(printf '%s\n' "$log" | grep -c ': warning ' || true)
  echo "sarif-multitool validate $name: $errors errors, $warnings warnings"
  if [ "$errors" != 0 ] || ! printf '%s\n' "$log" | grep -q "Analysis completed successfully"; then
    printf '%s\n' "$log"
    status=1
  fi
}
# The hostile corpus goes in as one run: every nasty input in one SARIF file.
for input in examples/broken.yaml examples/roles.yaml tests/data/tree "tests/hostile/*.yaml"; do
  name=$(echo "$input" | tr '/.*' '___')
  # shellcheck disable=SC2086 # the hostile pattern is meant to expand
  "$rolelint" check --quiet -f "sarif=$out/$name.sarif" $input >/dev/null 2>&1 || true
  validate "$name"
done

# The naming rows of docs/naming.md: from the root, from a subdirectory, with an
# absolute path, and a file outside the root (an absolute file:// URI).
repo="$out/repo"
mkdir -p "$repo/.git" "$repo/org" "$out/elsewhere"
cp examples/broken.yaml "$repo/org/roles.yaml"
cp examples/broken.yaml "$out/elsewhere/roles.yaml"
(cd "$repo" && "$rolelint" check -q -f "sarif=$out/from-root.sarif" org/roles.yaml >/dev/null 2>&1) || true
(cd "$repo/org" && "$rolelint" check -q -f "sarif=$out/from-subdir.sarif" >/dev/null 2>&1) || true
(cd "$repo/org" && "$rolelint" check -q -f "sarif=$out/absolute.sarif" "$repo/org/roles.yaml" >/dev/null 2>&1) || true
(cd "$repo" && "$rolelint" check -q -f "sarif=$out/outside-root.sarif" "$out/elsewhere/roles.yaml" >/dev/null 2>&1) || true
for name in from-root from-subdir absolute outside-root; do
  validate "$name"
done
exit $status
