#!/usr/bin/env bash
# For each generator of hostile input (examples/hostile.rs), time a full
# check of the input at size N and at 4N and print the ratio: linear work
# gives about 4, quadratic about 16. Best of 3 runs each, release build,
# all output formats written (human to /dev/null, the rest to files).
# Usage: bash bench/scaling.sh
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --quiet --release --bin rolelint --example hostile
rolelint=target/release/rolelint
gen=target/release/examples/hostile
out=bench/out/scaling
mkdir -p "$out"

# kind and its base size N (large enough to take tens of milliseconds).
sizes=(
  "one-line 20000"
  "non-ascii-line 10000"
  "tabs 4000000"
  "unknown-keys 50000"
  "suppressions 20000"
  "one-holder 50000"
  "alias-depth 2000"
)

best_ms() { # file: best of 3 wall-clock runs, in ms
  local best=""
  for _ in 1 2 3; do
    local start end ms
    start=$(date +%s%N)
    "$rolelint" check --color never -f "json=$out/out.json" -f "sarif=$out/out.sarif" \
      -f "markdown=$out/out.md" -f "github=$out/out.github" "$1" >/dev/null 2>&1 || true
    end=$(date +%s%N)
    ms=$(( (end - start) / 1000000 ))
    if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
  done
  echo "$best"
}

printf '%-16s %10s %10s %10s %10s %7s\n' kind N "size N" "ms N" "ms 4N" ratio
for row in "${sizes[@]}"; do
  read -r kind n <<<"$row"
  "$gen" "$kind" "$n" >"$out/$kind-1.yaml"
  "$gen" "$kind" $((4 * n)) >"$out/$kind-4.yaml"
  a=$(best_ms "$out/$kind-1.yaml")
  b=$(best_ms "$out/$kind-4.yaml")
  size=$(du -h "$out/$kind-1.yaml" | cut -f1)
  ratio=$(awk -v a="$a" -v b="$b" 'BEGIN { if (a < 1) a = 1; printf "%.1f", b / a }')
  printf '%-16s %10s %10s %10s %10s %7s\n' "$kind" "$n" "$size" "$a" "$b" "$ratio"
done
echo "linear is about 4; alias-depth stops at the second anchor whatever N is"
