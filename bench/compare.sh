#!/usr/bin/env bash
# Benchmarks rolelint against real peers in one run and prints one table of
# medians and ratios. Usage: bash bench/compare.sh [--quick]
#   --quick  fewer runs (for a smoke test); the figures are noisier.
# Needs hyperfine (Debian package); installs check-jsonschema and yamllint
# from PyPI into a cache when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/scripts/lib.sh

runs=10
big_runs=5
if [ "${1:-}" = "--quick" ]; then runs=3; big_runs=2; fi

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
mapfile -t many < <(find "$out/many" -name roles.yaml | sort)

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
hf jobs "$big_runs" \
  "$rolelint check $q --jobs 1 $out/many" \
  "$rolelint check $q --jobs 2 $out/many"

rss_kb=$( { /usr/bin/time -v "$rolelint" check -q -f json=/dev/null "$out/big/roles.yaml" >/dev/null || true; } 2>&1 | sed -n 's/.*Maximum resident set size (kbytes): //p')
size_b=$(stat -c %s "$out/big/roles.yaml")
timings=$( { "$rolelint" check -q -f json=/dev/null --timings "$out/big/roles.yaml" 2>&1 >/dev/null || true; } | sed 's/^/    /')
bare=$(target/release/examples/bare_parse "$out/big/roles.yaml" | sed 's/^/    /')

python3 - "$out/results" "$rss_kb" "$size_b" <<'PY'
import json, sys, os
res, rss_kb, size_b = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def med(name, i):
    return json.load(open(os.path.join(res, name + ".json")))["results"][i]["median"]
rows = []
def row(what, ours, peer_name=None, peer=None, target=None):
    ratio = f"{peer / ours:8.1f}x" if peer else ""
    rows.append((what, f"{ours*1000:9.1f} ms", peer_name or "", f"{peer*1000:9.1f} ms" if peer else "", ratio, target or ""))
e_ours, e_cj, e_yl = med("example", 0), med("example", 1), med("example", 2)
row("example (40 people): rolelint check", e_ours, "check-jsonschema", e_cj, ">= 50x")
row("example (40 people): rolelint check", e_ours, "yamllint", e_yl, "")
m_ours, m_cj = med("many", 0), med("many_peer", 0)
row("2,000 files x 25 roles: rolelint check DIR", m_ours, "check-jsonschema", m_cj, ">= 100x")
s10, s100 = med("scale", 0), med("scale", 1)
rows.append(("10,000 roles in one file", f"{s10*1000:9.1f} ms", "", "", "", ""))
rows.append(("100,000 roles in one file", f"{s100*1000:9.1f} ms", "100k / 10k", "", f"{s100/s10:8.1f}x", "<= 12x"))
j1, j2 = med("jobs", 0), med("jobs", 1)
rows.append(("2,000 files --jobs 1 vs --jobs 2", f"{j2*1000:9.1f} ms", "--jobs 1", f"{j1*1000:9.1f} ms", f"{j1/j2:8.2f}x", ">= 1.6x"))
rows.append(("peak memory, 100,000 roles", f"{rss_kb/1024:9.1f} MiB", "file size", f"{size_b/1048576:9.1f} MiB", f"{rss_kb*1024/size_b:8.1f}x", "<= 12x"))
w = [max(len(r[i]) for r in rows + [("measurement", "rolelint", "peer", "peer time", "ratio", "target")]) for i in range(6)]
hdr = ("measurement", "rolelint", "peer", "peer time", "ratio", "target")
print(" | ".join(h.ljust(w[i]) for i, h in enumerate(hdr)))
print("-|-".join("-" * w[i] for i in range(6)))
for r in rows:
    print(" | ".join(c.ljust(w[i]) for i, c in enumerate(r)))
PY
echo
echo "100,000 roles, phases of one check (rolelint check --timings):"
echo "$timings"
echo "the same bytes, bare parse (cargo run --release --example bare_parse):"
echo "$bare"
echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
