#!/usr/bin/env bash
# The pre-commit hook, for real: it fails on a broken organisation file with
# the findings and passes on the clean example. The hook only looks at files
# named roles.yaml or roles.yml, so the examples are copied under that name
# into a scratch repository.
set -euo pipefail
cd "$(dirname "$0")/../.."
. tests/scripts/lib.sh

if ! ensure_pip pre-commit pre-commit; then
  notice "pre-commit unavailable: hook test skipped"
  exit 0
fi
export PRE_COMMIT_HOME="$tools_dir/pre-commit"
repo=$PWD
scratch=$(mktemp -d)
log=$(mktemp)
trap 'rm -rf "$scratch" "$log"' EXIT

mkdir -p "$scratch/broken" "$scratch/clean" "$scratch/other"
cp examples/broken.yaml "$scratch/broken/roles.yaml"
cp examples/roles.yaml "$scratch/clean/roles.yaml"
cp examples/broken.yaml "$scratch/other/broken.yaml"
git -C "$scratch" init -q
git -C "$scratch" add -A
cd "$scratch"

# One configuration pinned to this repository's HEAD, so pre-commit builds
# the hook once and reuses it for the three runs below (try-repo would build
# it again for every call). It tests the committed hook.
rev=$(git -C "$repo" rev-parse HEAD)
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $repo
    rev: $rev
    hooks:
      - id: rolelint-src
YAML
git add .pre-commit-config.yaml

if pre-commit run rolelint-src --files broken/roles.yaml >"$log" 2>&1; then
  cat "$log"
  echo "FAIL: the hook passed on broken/roles.yaml"
  exit 1
fi
grep -q "split-delivery-and-vision" "$log" || { cat "$log"; echo "FAIL: findings missing from the hook output"; exit 1; }
echo "ok: the hook fails on a broken roles.yaml and shows the findings"

if ! pre-commit run rolelint-src --files clean/roles.yaml >"$log" 2>&1; then
  cat "$log"
  echo "FAIL: the hook failed on a clean roles.yaml"
  exit 1
fi
echo "ok: the hook passes on a clean roles.yaml"

pre-commit run rolelint-src --files other/broken.yaml >"$log" 2>&1 || true
grep -q "no files to check" "$log" || { cat "$log"; echo "FAIL: the hook ran on a file not named roles.yaml"; exit 1; }
echo "ok: files not named roles.yaml are left alone"

# The `rolelint` hook (language: python) installs the shim, which installs
# the prebuilt wheel: offered here from a local directory with no index and
# no cargo or rustc on PATH, so nothing can be compiled.
if ! wheels=$(build_wheel); then
  notice "maturin unavailable: the python hook test is skipped"
  exit 0
fi
python3 -m pip download --quiet --dest "$wheels" "setuptools>=61" >/dev/null 2>&1 || true
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $repo
    rev: $rev
    hooks:
      - id: rolelint
YAML
git add .pre-commit-config.yaml
no_rust_path=$(printf '%s' "$PATH" | tr ':' '\n' | grep -v -e cargo -e rustup | paste -sd: -)
if env PATH="$no_rust_path" PIP_NO_INDEX=1 PIP_FIND_LINKS="$wheels" \
  pre-commit run rolelint --files broken/roles.yaml >"$log" 2>&1; then
  cat "$log"
  echo "FAIL: the python hook passed on broken/roles.yaml"
  exit 1
fi
grep -q "split-delivery-and-vision" "$log" || { cat "$log"; echo "FAIL: the python hook did not run rolelint"; exit 1; }
echo "ok: the python hook installs the prebuilt wheel (no Rust on PATH) and fails on a broken roles.yaml"
