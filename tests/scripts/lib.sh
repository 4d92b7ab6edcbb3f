# Shared helpers for the scripts that check rolelint against real tools.
# Tools are installed on demand into a cache directory; when that is not
# possible, the check is skipped with a printed notice (never silently),
# except in CI, where a missing tool fails the script.

# The checkout (the scripts cd there before sourcing this file).
rolelint_root=$PWD
tools_dir="${ROLELINT_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/rolelint-tools}"
mkdir -p "$tools_dir"

# A tool is missing: outside CI, say so and let the script skip that part;
# in CI (CI=true, set by .ci/run, which installs every tool), fail.
notice() {
  if [ "${CI:-}" = true ]; then
    echo "FAIL: $* (CI installs every tool its scripts need)"
    exit 1
  fi
  echo "NOTICE: $*"
}

# ensure_pip TOOL PACKAGE: make a PyPI tool available on PATH.
ensure_pip() {
  local tool=$1 package=$2
  if command -v "$tool" >/dev/null 2>&1; then return 0; fi
  if [ ! -x "$tools_dir/venv/bin/python" ]; then
    python3 -m venv "$tools_dir/venv" >/dev/null 2>&1 || return 1
  fi
  "$tools_dir/venv/bin/pip" install --quiet "$package" >/dev/null 2>&1 || return 1
  export PATH="$tools_dir/venv/bin:$PATH"
  command -v "$tool" >/dev/null 2>&1
}

# ensure_npm PACKAGE BIN: install an npm package under the cache; prints the bin path.
ensure_npm() {
  local package=$1 bin=$2
  command -v npm >/dev/null 2>&1 || return 1
  if [ ! -x "$tools_dir/node_modules/.bin/$bin" ]; then
    (cd "$tools_dir" && npm install --silent --no-audit --no-fund "$package" >/dev/null 2>&1) || return 1
  fi
  echo "$tools_dir/node_modules/.bin/$bin"
}

rolelint_bin() {
  cargo build --quiet --release >&2 || return 1
  echo "$PWD/target/release/rolelint"
}

# build_wheel: the rolelint wheel of this checkout (maturin), built once per
# commit into the tools cache; prints its directory.
build_wheel() {
  ensure_pip maturin "maturin>=1.9,<2" || return 1
  local dir="$tools_dir/wheels/$(git -C "$rolelint_root" rev-parse HEAD)"
  if ! ls "$dir"/rolelint-*.whl >/dev/null 2>&1; then
    (cd "$rolelint_root/python" && maturin build --release --locked --out "$dir") >"$tools_dir/wheel-build.log" 2>&1 \
      || { cat "$tools_dir/wheel-build.log" >&2; return 1; }
  fi
  echo "$dir"
}
