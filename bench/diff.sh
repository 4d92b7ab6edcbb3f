#!/usr/bin/env bash
# `rolelint diff` of two 10,000-role revisions against `rolelint check` of
# one, in the same run: a review should cost about two checks. Best of 3.
# Usage: bash bench/diff.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --release --bin rolelint --example gen_org
rolelint=$PWD/target/release/rolelint
repo=$(mktemp -d)
trap 'rm -rf "$repo"' EXIT
git -C "$repo" init -q
git -C "$repo" config user.email bench@example.com
git -C "$repo" config user.name bench
target/release/examples/gen_org --roles 10000 --seed 1 --out "$repo/org" >/dev/null
git -C "$repo" add -A
git -C "$repo" commit -q -m base
# The change: another generated organisation of the same size.
target/release/examples/gen_org --roles 10000 --seed 2 --out "$repo/org" >/dev/null

best_ms() {
  local best=""
  for _ in 1 2 3; do
    local start end ms
    start=$(date +%s%N)
    (cd "$repo" && "$@" >/dev/null 2>&1) || true
    end=$(date +%s%N)
    ms=$(((end - start) / 1000000))
    if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
  done
  echo "$best"
}
check=$(best_ms "$rolelint" check -f json org/roles.yaml)
diff=$(best_ms "$rolelint" diff -f json org/roles.yaml)
changes=$(cd "$repo" && "$rolelint" diff -f json org/roles.yaml | grep -c '"kind"' || true)
echo "check of one 10,000-role revision:     ${check} ms"
echo "diff of two 10,000-role revisions:     ${diff} ms (${changes} changes)"
awk -v a="$check" -v b="$diff" 'BEGIN { printf "diff / check: %.2f (about 2 is the target)\n", b / a }'
