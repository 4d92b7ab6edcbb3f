#!/usr/bin/env bash
# The wheel: built from this checkout with maturin, installed into a fresh
# venv, and run with a PATH that has no cargo or rustc: what `pip install
# rolelint` gives a machine without Rust.
set -euo pipefail
cd "$(dirname "$0")/../.."
. tests/scripts/lib.sh

if ! ensure_pip maturin "maturin>=1.9,<2"; then
  notice "maturin unavailable from PyPI: wheel check skipped"
  exit 0
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
wheels=$(build_wheel)
wheel=$(ls "$wheels"/rolelint-*.whl)
echo "built $(basename "$wheel")"
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
case "$(basename "$wheel")" in
  rolelint-"$version"-*) ;;
  *) echo "FAIL: the wheel's version is not Cargo.toml's ($version)"; exit 1 ;;
esac
python3 -m venv "$out/venv"
"$out/venv/bin/pip" install --quiet --no-index "$wheel"
# No Rust on this PATH: only the venv and the system.
clean_path="$out/venv/bin:/usr/bin:/bin"
if env -i PATH="$clean_path" sh -c 'command -v cargo || command -v rustc' >/dev/null; then
  echo "FAIL: cargo or rustc is still on the clean PATH"; exit 1
fi
got=$(env -i PATH="$clean_path" HOME="$out" rolelint --version)
[ "$got" = "rolelint $version" ] || { echo "FAIL: rolelint --version said: $got"; exit 1; }
status=0
env -i PATH="$clean_path" HOME="$out" rolelint check examples/roles.yaml >/dev/null || status=$?
[ "$status" = 0 ] || { echo "FAIL: the installed rolelint exited $status on the clean example"; exit 1; }
status=0
env -i PATH="$clean_path" HOME="$out" rolelint check examples/broken.yaml >/dev/null || status=$?
[ "$status" = 1 ] || { echo "FAIL: the installed rolelint exited $status on the broken example"; exit 1; }
echo "ok: the wheel installs and runs without Rust ($got)"
(cd python && maturin sdist --out "$out/sdist") >/dev/null 2>&1 || { echo "FAIL: maturin sdist"; exit 1; }
tar -tzf "$out"/sdist/rolelint-*.tar.gz >"$out/sdist.list"
grep -q '/Cargo.toml$' "$out/sdist.list" || { echo "FAIL: the sdist has no Cargo.toml"; exit 1; }
echo "ok: the sdist builds"
