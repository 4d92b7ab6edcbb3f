#!/usr/bin/env bash
# `rolelint import csv` on 10,000 rows, against the same import written the
# obvious way in Python (bench/import_baseline.py), in one hyperfine run.
# Usage: bash bench/import.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "hyperfine is required (apt-get install hyperfine)"; exit 1; }
cargo build --quiet --release --bin rolelint
out=bench/out/import
mkdir -p "$out"
python3 - "$out/people.csv" <<'PY'
import csv, random, sys
random.seed(5)
rows, n = [], 10000
titles = ["Software Engineer", "Designer", "Analyst", "SRE", "Product Manager"]
for i in range(n):
    # A tree with about six reports per manager.
    manager = "" if i == 0 else f"Person {(i - 1) // 6:05d}"
    rows.append([f"E{i:05d}", f"Person {i:05d}", "Manager" if i < n // 6 else random.choice(titles), f"Dept {i % 40}", manager])
with open(sys.argv[1], "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["Employee ID", "Name", "Title", "Department", "Manager"])
    w.writerows(rows)
PY
hyperfine --warmup 2 --runs 10 --export-json "$out/hyperfine.json" \
  -n rolelint "target/release/rolelint import csv $out/people.csv" \
  -n python "python3 bench/import_baseline.py $out/people.csv" 2>&1 | sed -n '/Summary/,$p;/Time (mean/p'
python3 - "$out/hyperfine.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
a, b = r["rolelint"]["median"], r["python"]["median"]
print(f"10,000 rows: rolelint {a*1000:.1f} ms, Python {b*1000:.1f} ms (median): {b/a:.1f}x faster")
PY
