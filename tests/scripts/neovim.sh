#!/usr/bin/env bash
# A real editor as the client of `rolelint server`: Neovim (Debian's
# package) in headless mode attaches the server to a roles file, reads the
# diagnostics, applies the preferred quick fix and saves; the file on disk
# must then hold the fix. Installs Neovim with apt-get when it can;
# otherwise prints a notice and skips.
set -euo pipefail
cd "$(dirname "$0")/../.."
. tests/scripts/lib.sh

if ! command -v nvim >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  apt-get install -y -qq neovim >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq neovim >/dev/null 2>&1; } || true
fi
if ! command -v nvim >/dev/null 2>&1; then
  notice "neovim unavailable: the editor check is skipped (apt-get install neovim)"
  exit 0
fi

rolelint=$(rolelint_bin)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/org/.git"
# The starter organisation with one typo (a safe fix) and one vacant role.
sed -e 's/^    success_metrics:/    succes_metrics:/;t done' -e 'b' -e ':done' -e 'n;b done' \
  examples/starter/roles.yaml > "$work/org/roles.yaml"
grep -q 'succes_metrics' "$work/org/roles.yaml"

status=0
ROLELINT="$rolelint" ROLES_FILE="$work/org/roles.yaml" RESULT="$work/result.txt" \
  XDG_CACHE_HOME="$work/cache" HOME="$work" \
  timeout 120 nvim --headless --clean -n -u NONE -c "luafile tests/scripts/neovim.lua" \
  >"$work/nvim.log" 2>&1 || status=$?
cat "$work/result.txt" 2>/dev/null || true
if [ "$status" != 0 ]; then
  echo "FAIL: neovim exited with $status"; cat "$work/nvim.log"; exit 1
fi
if grep -q 'succes_metrics' "$work/org/roles.yaml" || ! grep -q 'success_metrics' "$work/org/roles.yaml"; then
  echo "FAIL: the saved file does not hold the fix"; exit 1
fi
"$rolelint" check -q "$work/org/roles.yaml" >/dev/null && code=0 || code=$?
echo "ok: neovim $(nvim --version | head -1 | cut -d' ' -f2) applied the quick fix; rolelint check on the saved file exits $code"

# The README's snippet for this Neovim, exactly as printed there, as the
# only configuration: the roles file must get rolelint's diagnostics.
awk '/^<!-- neovim 0.7 -->$/ { found = 1; next } found && /^```lua$/ { inside = 1; next } inside && /^```$/ { exit } inside { print }' \
  README.md > "$work/init.lua"
[ -s "$work/init.lua" ] || { echo "FAIL: no Neovim 0.7 snippet in the README"; exit 1; }
# A file with findings, so that diagnostics must arrive.
cp examples/broken.yaml "$work/org/roles.yaml"
status=0
(cd "$work/org" && PATH="$(dirname "$rolelint"):$PATH" RESULT="$work/snippet.txt" \
  XDG_CACHE_HOME="$work/cache" HOME="$work" \
  timeout 120 nvim --headless -n -i NONE -u "$work/init.lua" \
  -c "luafile $rolelint_root/tests/scripts/neovim_wait.lua" roles.yaml) >"$work/nvim2.log" 2>&1 || status=$?
cat "$work/snippet.txt" 2>/dev/null || true
if [ "$status" != 0 ]; then
  echo "FAIL: the README's Neovim 0.7 snippet did not attach rolelint (exit $status)"; cat "$work/nvim2.log"; exit 1
fi
echo "ok: the README's Neovim 0.7 snippet attaches rolelint server on neovim $(nvim --version | head -1 | cut -d' ' -f2)"
