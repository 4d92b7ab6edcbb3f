#!/usr/bin/env bash
# action/install.sh against a local HTTP server on 127.0.0.1 that serves a
# release directory laid out like GitHub's: the good archive installs and
# runs; a tampered archive, a checksum for another file and a missing
# release are refused, and nothing is installed.
set -euo pipefail
cd "$(dirname "$0")/../.."
. tests/scripts/lib.sh

rolelint=$(rolelint_bin)
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
work=$(mktemp -d)
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

target=x86_64-unknown-linux-musl
archive="rolelint-$version-$target.tar.gz"
release="$work/site/v$version"
mkdir -p "$release" "$work/pack"
cp "$rolelint" "$work/pack/rolelint"
tar -czf "$release/$archive" -C "$work/pack" rolelint
(cd "$release" && sha256sum "$archive" >"$archive.sha256")

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server --bind 127.0.0.1 --directory "$work/site" "$port" >/dev/null 2>&1 &
server_pid=$!
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done

install() { # runner temp dir: run install.sh against the local server
  mkdir -p "$1"
  : >"$1/github_path"
  env ROLELINT_VERSION="$version" ROLELINT_DOWNLOAD_URL="http://127.0.0.1:$port" \
    RUNNER_OS=Linux RUNNER_ARCH=X64 RUNNER_TEMP="$1" GITHUB_PATH="$1/github_path" \
    bash action/install.sh
}
status=0
check() { if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; status=1; fi; }

install "$work/good" >"$work/good.log" 2>&1 && good=0 || good=$?
check "a verified archive installs" '[ "$good" = 0 ]'
check "the installed binary runs" '[ "$("$work/good/rolelint/bin/rolelint" --version)" = "rolelint $version" ]'
check "its directory is added to GITHUB_PATH" 'grep -qx "$work/good/rolelint/bin" "$work/good/github_path"'

# Tampered: one byte appended after the checksum was taken.
printf 'x' >>"$release/$archive"
install "$work/tampered" >"$work/tampered.log" 2>&1 && bad=0 || bad=$?
check "a tampered archive is refused (exit 1)" '[ "$bad" = 1 ]'
check "it says why" 'grep -q "checksum mismatch" "$work/tampered.log"'
check "nothing is installed" '[ ! -e "$work/tampered/rolelint/bin/rolelint" ] && [ ! -s "$work/tampered/github_path" ]'

# A checksum file for another archive.
(cd "$work/pack" && tar -czf "$release/$archive" rolelint)
printf '%s  other.tar.gz\n' "$(sha256sum "$release/$archive" | cut -d' ' -f1)" >"$release/$archive.sha256"
install "$work/other" >"$work/other.log" 2>&1 && bad=0 || bad=$?
check "a checksum for another file is refused" '[ "$bad" = 1 ] && [ ! -e "$work/other/rolelint/bin/rolelint" ]'

# Versions that are not exactly X.Y.Z never reach a URL or a file name.
for bad_version in '1.2.3/../../../other/repo' '1x.2.3' '1.2.3-rc1;id' '1.2.3 ' '1.2' '../1.2.3' $'1.2.3\n4.5.6'; do
  mkdir -p "$work/badver"
  : >"$work/badver/github_path"
  env ROLELINT_VERSION="$bad_version" ROLELINT_DOWNLOAD_URL="http://127.0.0.1:$port" \
    RUNNER_OS=Linux RUNNER_ARCH=X64 RUNNER_TEMP="$work/badver" GITHUB_PATH="$work/badver/github_path" \
    bash action/install.sh >"$work/badver.log" 2>&1 && bad=0 || bad=$?
  check "version \"$bad_version\" is refused before any download" \
    '[ "$bad" = 1 ] && grep -q "version must be X.Y.Z" "$work/badver.log" && ! grep -q "cannot download" "$work/badver.log"'
done

# A release that does not exist.
rm -rf "$release"
install "$work/missing" >"$work/missing.log" 2>&1 && bad=0 || bad=$?
check "a missing release is refused" '[ "$bad" = 1 ] && grep -q "cannot download" "$work/missing.log"'

[ "$status" = 0 ] || { for f in "$work"/*.log; do echo "== $f"; cat "$f"; done; }
exit $status
