#!/usr/bin/env bash
# Benchmarks rolelint against real peers in one run and prints one table of
# medians, ratios and targets.
# Usage: bash bench/compare.sh [--quick] [--base REV]
#   --quick     fewer runs (for a smoke test); the figures are noisier.
#   --base REV  also build rolelint at git revision REV (in a worktree under
#               bench/out) and time it on the same files in the same runs:
#               the "against an earlier version" rows.
# Needs hyperfine (Debian package); installs check-jsonschema and yamllint
# from PyPI into a cache when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/scripts/lib.sh

runs=10
big_runs=5
base_rev=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) runs=3; big_runs=2 ;;
    --base) base_rev=$2; shift ;;
    *) echo "unknown argument $1"; exit 2 ;;
  esac
  shift
done

command -v hyperfine >/dev/null || { echo "hyperfine is required (apt-get install hyperfine)"; exit 1; }
ensure_pip check-jsonschema check-jsonschema || { echo "cannot install check-jsonschema"; exit 1; }
ensure_pip yamllint yamllint || { echo "cannot install yamllint"; exit 1; }

cargo build --quiet --release --bin rolelint --example gen_org --example bare_parse
rolelint=target/release/rolelint
out=bench/out
mkdir -p "$out/results"
[ -f "$out/many/org-01999/roles.yaml" ] || target/release/examples/gen_org --roles 25 --orgs 2000 --seed 7 --out "$out/many"
[ -f "$out/mid/roles.yaml" ] || target/release/examples/gen_org --roles 10000 --seed 1 --out "$out/mid"
[ -f "$out/big/roles.yaml" ] || target/release/examples/gen_org --roles 100000 --seed 1 --out "$out/big"
# The same organisations as version 2 files, and the largest with teams.
[ -f "$out/mid2/roles.yaml" ] || target/release/examples/gen_org --roles 10000 --seed 1 --version 2 --out "$out/mid2"
[ -f "$out/big2/roles.yaml" ] || target/release/examples/gen_org --roles 100000 --seed 1 --version 2 --out "$out/big2"
[ -f "$out/bigteams/roles.yaml" ] || target/release/examples/gen_org --roles 100000 --seed 1 --teams --out "$out/bigteams"
mapfile -t many < <(find "$out/many" -name roles.yaml | sort)

base=""
if [ -n "$base_rev" ]; then
  sha=$(git rev-parse --short "$base_rev^{commit}")
  tree="$out/base-$sha"
  [ -d "$tree" ] || git worktree add --detach -f "$tree" "$sha" >/dev/null 2>&1
  (cd "$tree" && cargo build --quiet --release --bin rolelint --target-dir "../base-target-$sha")
  base="$out/base-target-$sha/release/rolelint"
fi

hf() { # name, runs, commands...
  local name=$1 n=$2 warmup=1; shift 2
  [ "$n" -le 2 ] && warmup=0
  hyperfine -N --style none --warmup "$warmup" --runs "$n" -i --export-json "$out/results/$name.json" "$@" >/dev/null 2>&1
}

q='-q -f json=/dev/null'
hf example "$runs" \
  "$rolelint check $q examples/roles.yaml" \
  "check-jsonschema --schemafile schema/roles.schema.json examples/roles.yaml" \
  "yamllint -d relaxed examples/roles.yaml"
hf many "$big_runs" "$rolelint check $q $out/many"
# check-jsonschema takes about two minutes here: two runs, no warm-up.
hf many_peer 2 "check-jsonschema --schemafile schema/roles.schema.json ${many[*]}"
hf scale "$big_runs" \
  "$rolelint check $q $out/mid/roles.yaml" \
  "$rolelint check $q $out/big/roles.yaml"
hf v2_mid "$runs" \
  "$rolelint check $q $out/mid/roles.yaml" \
  "$rolelint check $q $out/mid2/roles.yaml"
hf v2_big "$big_runs" \
  "$rolelint check $q $out/big/roles.yaml" \
  "$rolelint check $q $out/big2/roles.yaml"
hf jobs "$big_runs" \
  "$rolelint check $q --jobs 1 $out/many" \
  "$rolelint check $q --jobs 2 $out/many"
if [ -n "$base" ]; then
  hf base_example "$runs" "$rolelint check $q examples/roles.yaml" "$base check $q examples/roles.yaml"
  hf base_many "$big_runs" "$rolelint check $q $out/many" "$base check $q $out/many"
  hf base_mid "$runs" "$rolelint check $q $out/mid/roles.yaml" "$base check $q $out/mid/roles.yaml"
fi

# Version 2 against version 1 in instructions (callgrind counts them; the
# wall clock of this shared machine varies by more than the 10% measured).
ir() { { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null || true; } | sed -n 's/.*Collected : //p'; }
ir_mid=0; ir_mid2=0; ir_big=0; ir_big2=0
if command -v valgrind >/dev/null; then
  ir_mid=$(ir "$rolelint" check -q -j 1 -f json=/dev/null "$out/mid/roles.yaml")
  ir_mid2=$(ir "$rolelint" check -q -j 1 -f json=/dev/null "$out/mid2/roles.yaml")
  ir_big=$(ir "$rolelint" check -q -j 1 -f json=/dev/null "$out/big/roles.yaml")
  ir_big2=$(ir "$rolelint" check -q -j 1 -f json=/dev/null "$out/big2/roles.yaml")
fi

peak_kb() { { /usr/bin/time -v "$@" >/dev/null || true; } 2>&1 | sed -n 's/.*Maximum resident set size (kbytes): //p'; }
rss_kb=$(peak_kb "$rolelint" check -q -f json=/dev/null "$out/big/roles.yaml")
base_rss_kb=0
[ -n "$base" ] && base_rss_kb=$(peak_kb "$base" check -q -f json=/dev/null "$out/big/roles.yaml")
size_b=$(stat -c %s "$out/big/roles.yaml")
teams_rss_kb=$(peak_kb "$rolelint" check -q -f json=/dev/null "$out/bigteams/roles.yaml")
teams_size_b=$(stat -c %s "$out/bigteams/roles.yaml")
# The phases, best of three (the machine is shared and noisy).
best_timings=""
best_ms=999999999
for _ in 1 2 3; do
  t=$( { "$rolelint" check -q -f json=/dev/null --timings "$out/big/roles.yaml" 2>&1 >/dev/null || true; } )
  ms=$(echo "$t" | sed -n 's/^ *check *\([0-9.]*\) ms wall.*/\1/p')
  if python3 -c "import sys; sys.exit(0 if float('$ms') < float('$best_ms') else 1)"; then
    best_ms=$ms; best_timings=$t
  fi
done
bare=$(target/release/examples/bare_parse "$out/big/roles.yaml")
events_ms=$(echo "$bare" | sed -n 's/^saphyr_parser events only *\([0-9.]*\) ms.*/\1/p')

python3 - "$out/results" "$rss_kb" "$size_b" "$best_ms" "$events_ms" "$base_rss_kb" "${base_rev:-}" "$teams_rss_kb" "$teams_size_b" "$ir_mid" "$ir_mid2" "$ir_big" "$ir_big2" <<'PY'
import json, sys, os
res, rss_kb, size_b, check_ms, events_ms, base_rss_kb, base_rev, teams_rss_kb, teams_size_b = sys.argv[1:10]
ir_mid, ir_mid2, ir_big, ir_big2 = (int(x) for x in sys.argv[10:14])
teams_rss_kb, teams_size_b = int(teams_rss_kb), int(teams_size_b)
rss_kb, size_b, check_ms, events_ms, base_rss_kb = int(rss_kb), int(size_b), float(check_ms), float(events_ms), int(base_rss_kb)
def med(name, i):
    return json.load(open(os.path.join(res, name + ".json")))["results"][i]["median"]
rows = []
def row(what, ours, peer_name=None, peer=None, target=None):
    ratio = f"{peer / ours:8.2f}x" if peer else ""
    rows.append((what, f"{ours*1000:9.1f} ms", peer_name or "", f"{peer*1000:9.1f} ms" if peer else "", ratio, target or ""))
e_ours, e_cj, e_yl = med("example", 0), med("example", 1), med("example", 2)
row("example (40 people): rolelint check", e_ours, "check-jsonschema", e_cj, ">= 50x")
row("example (40 people): rolelint check", e_ours, "yamllint", e_yl, "")
m_ours, m_cj = med("many", 0), med("many_peer", 0)
row("2,000 files x 25 roles: rolelint check DIR", m_ours, "check-jsonschema", m_cj, ">= 100x")
s10, s100 = med("scale", 0), med("scale", 1)
rows.append(("10,000 roles in one file", f"{s10*1000:9.1f} ms", "", "", "", ""))
rows.append(("100,000 roles in one file", f"{s100*1000:9.1f} ms", "100k / 10k", "", f"{s100/s10:8.2f}x", "<= 12x"))
j1, j2 = med("jobs", 0), med("jobs", 1)
rows.append(("2,000 files --jobs 1 vs --jobs 2", f"{j2*1000:9.1f} ms", "--jobs 1", f"{j1*1000:9.1f} ms", f"{j1/j2:8.2f}x", ">= 1.6x"))
rows.append(("peak memory, 100,000 roles", f"{rss_kb/1024:9.1f} MiB", "file size", f"{size_b/1048576:9.1f} MiB", f"{rss_kb*1024/size_b:8.2f}x", "<= 8x"))
for name, what in [("v2_mid", "10,000 roles as version 2"), ("v2_big", "100,000 roles as version 2")]:
    one, two = med(name, 0), med(name, 1)
    rows.append((what, f"{two*1000:9.1f} ms", "version 1", f"{one*1000:9.1f} ms", f"{two/one:8.2f}x", "<= 1.10x (v2 / v1)"))
for what, one, two in [("10,000 roles as version 2 (instructions)", ir_mid, ir_mid2), ("100,000 roles as version 2 (instructions)", ir_big, ir_big2)]:
    if one:
        rows.append((what, f"{two/1e6:9.0f} M", "version 1", f"{one/1e6:9.0f} M", f"{two/one:8.3f}x", "<= 1.10x (v2 / v1)"))
rows.append(("peak memory, 100,000 roles with teams", f"{teams_rss_kb/1024:9.1f} MiB", "file size", f"{teams_size_b/1048576:9.1f} MiB", f"{teams_rss_kb*1024/teams_size_b:8.2f}x", "<= 8x"))
rows.append(("full check, 100,000 roles (--timings)", f"{check_ms:9.1f} ms", "bare events", f"{events_ms:9.1f} ms", f"{check_ms/events_ms:8.2f}x", "<= 1.6x (check / events)"))
if base_rev:
    for name, what, target in [
        ("base_example", "example vs " + base_rev, ">= 1x (no regression)"),
        ("base_many", "2,000 files vs " + base_rev, ">= 1x (no regression)"),
        ("base_mid", "10,000 roles vs " + base_rev, "ours <= 0.6 of base"),
    ]:
        ours, theirs = med(name, 0), med(name, 1)
        rows.append((what, f"{ours*1000:9.1f} ms", base_rev, f"{theirs*1000:9.1f} ms", f"{theirs/ours:8.2f}x", target + f" (now {ours/theirs:.2f})"))
    rows.append(("peak memory vs " + base_rev, f"{rss_kb/1024:9.1f} MiB", base_rev, f"{base_rss_kb/1024:9.1f} MiB", f"{base_rss_kb/rss_kb:8.2f}x", ""))
hdr = ("measurement", "rolelint", "peer", "peer time", "ratio", "target")
w = [max(len(r[i]) for r in rows + [hdr]) for i in range(6)]
print(" | ".join(h.ljust(w[i]) for i, h in enumerate(hdr)))
print("-|-".join("-" * w[i] for i in range(6)))
for r in rows:
    print(" | ".join(c.ljust(w[i]) for i, c in enumerate(r)))
PY
echo
echo "100,000 roles, phases of the fastest of three checks (rolelint check --timings):"
echo "$best_timings" | sed 's/^/    /'
echo "the same bytes, bare parse (cargo run --release --example bare_parse):"
echo "$bare" | sed 's/^/    /'
echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
