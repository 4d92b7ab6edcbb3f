#!/usr/bin/env bash
# The cost of `check --fix --unsafe-fixes` on a large file full of fixes
# that must be refused (each would add a reporting cycle) among fixes that
# are sound, against `check` of the same file, in the same run; with
# BASE=path/to/rolelint, the same for an earlier build.
#   bash bench/fix.sh [ROLES] [TRAPS]
set -euo pipefail
cd "$(dirname "$0")/.."
roles=${1:-4000}
traps=${2:-100}
cargo build --quiet --release --examples
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/.git"
target/release/examples/gen_org --roles "$roles" --seed 1 --out "$work/gen" >/dev/null
python3 - "$work/gen/roles.yaml" "$work/roles.yaml" "$traps" <<'PY'
import sys
text = open(sys.argv[1]).read().rstrip("\n") + "\n"
for i in range(int(sys.argv[3])):
    # `trap-b{i}` names `trap-a{i}` misspelt; fixed, the two would report
    # to each other. `typo-{i}` has a key misspelt: a sound fix.
    text += f"""  - id: trap-a{i}
    title: Trap A {i}
    holder: ceo-holder
    reports_to: trap-b{i}
    responsibilities: [x]
    success_metrics: [x]
  - id: trap-b{i}
    title: Trap B {i}
    reports_to: trap-aa{i}
    responsibilities: [x]
    success_metrics: [x]
  - id: typo-{i}
    title: Typo {i}
    responsibilities: [x]
    succes_metrics: [x]
"""
open(sys.argv[2], "w").write(text)
PY
size=$(wc -c <"$work/roles.yaml")
echo "file: $size bytes, $roles generated roles, $traps refused and $traps sound fixes"
run() { # label binary: the best of three runs of each
  mkdir -p "$work/fix/.git"
  python3 - "$1" "$2" "$work" <<'PY'
import subprocess, sys, time
label, binary, work = sys.argv[1:4]
def best(args, before=None):
    times = []
    for _ in range(3):
        if before:
            before()
        t = time.perf_counter()
        out = subprocess.run(args, capture_output=True, text=True)
        times.append(time.perf_counter() - t)
    return min(times), out
reset = lambda: open(f"{work}/fix/roles.yaml", "w").write(open(f"{work}/roles.yaml").read())
check, _ = best([binary, "check", "-f", "concise", "--fail-on", "never", f"{work}/roles.yaml"])
fix, out = best([binary, "check", "-f", "concise", "--fail-on", "never", "--fix", "--unsafe-fixes", f"{work}/fix/roles.yaml"], reset)
summary = [l for l in out.stderr.splitlines() if l.startswith("fixed ")]
print(f"{label}: check {check:.2f} s, --fix {fix:.2f} s ({fix / check:.1f}x check); {summary[0] if summary else ''}")
PY
}
run "this build" target/release/rolelint
[ -n "${BASE:-}" ] && run "base" "$BASE"
exit 0
