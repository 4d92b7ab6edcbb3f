#!/usr/bin/env bash
# What the five custom rules of docs/rules-of-your-own.md cost on the
# 10,000-role organisation (version 2, with teams), against all built-in
# rules, in instructions counted by callgrind in the same run; and the
# peak memory of the 100,000-role file with and without them.
# Usage: bash bench/custom.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "valgrind is required (apt-get install valgrind)"; exit 1; }
cargo build --quiet --release --bin rolelint --example gen_org
out=bench/out/custom
mkdir -p "$out"
[ -f "$out/mid/roles.yaml" ] || target/release/examples/gen_org --roles 10000 --seed 1 --version 2 --teams --out "$out/mid"
[ -f "$out/big/roles.yaml" ] || target/release/examples/gen_org --roles 100000 --seed 1 --version 2 --teams --out "$out/big"
# The five rules, as the page gives them.
awk '/^## Five rules to copy/{on=1} on&&/^```yaml/{grab=1; next} grab&&/^```/{exit} grab' docs/rules-of-your-own.md > "$out/five.yaml"
# Every built-in rule off, and the five custom rules with them off.
{ echo "rules:"; target/release/rolelint rules | awk 'NR>1 && $1!="syntax" && $1!="schema" && $1!="config" {print "  " $1 ": off"}'; } > "$out/none.yaml"
{ cat "$out/five.yaml"; cat "$out/none.yaml"; } > "$out/five-only.yaml"
bin=target/release/rolelint
ir() { { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null || true; } | sed -n 's/.*Collected : //p'; }
export ROLELINT_TODAY=2026-12-07
none=$(ir $bin --config "$out/none.yaml" check --format concise "$out/mid/roles.yaml")
echo "files: ['**/roles.yaml']" > "$out/builtin.yaml"
builtin=$(ir $bin --config "$out/builtin.yaml" check --format concise "$out/mid/roles.yaml")
five=$(ir $bin --config "$out/five-only.yaml" check --format concise "$out/mid/roles.yaml")
echo "10,000 roles, instructions:"
echo "  no rules (parse, schema, model):   $none"
echo "  all built-in rules:                $builtin  (rules: $((builtin - none)))"
echo "  the five custom rules alone:       $five  (rules: $((five - none)))"
awk -v b=$((builtin - none)) -v c=$((five - none)) 'BEGIN { printf "  custom / built-in rules: %.2fx (target: at most 1.00x)\n", c / b }'
mem() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }
with=$(mem $bin --config "$out/five.yaml" check --format concise "$out/big/roles.yaml" || true)
without=$(mem $bin --config "$out/builtin.yaml" check --format concise "$out/big/roles.yaml" || true)
echo "100,000 roles, peak memory: $((without / 1024)) MiB without custom rules, $((with / 1024)) MiB with the five"
