#!/usr/bin/env bash
# Install a released rolelint for the Action: pick the archive for this
# runner, download it and its .sha256, verify the checksum, unpack it into
# $RUNNER_TEMP/rolelint/bin and add that directory to $GITHUB_PATH. Refuses
# (exit 1) on a failed download or a checksum that does not match: an
# unverified binary is never run.
#   ROLELINT_VERSION      X.Y.Z (required)
#   ROLELINT_REPOSITORY   owner/name of the releases (the action's own)
#   ROLELINT_DOWNLOAD_URL base URL of the release downloads (default, GitHub's)
#   RUNNER_OS, RUNNER_ARCH, RUNNER_TEMP, GITHUB_PATH (set by GitHub Actions)
set -euo pipefail

fail() { echo "::error::rolelint install: $*"; exit 1; }

version=${ROLELINT_VERSION:?ROLELINT_VERSION is required}
# Exactly three numbers: the version becomes part of a URL and a file name.
if ! [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
  fail "version must be X.Y.Z (or \"source\" to build from the action's source), not: $version"
fi
case "${RUNNER_OS:-Linux}/${RUNNER_ARCH:-X64}" in
  Linux/X64) target=x86_64-unknown-linux-musl ext=tar.gz ;;
  Linux/ARM64) target=aarch64-unknown-linux-musl ext=tar.gz ;;
  macOS/X64) target=x86_64-apple-darwin ext=tar.gz ;;
  macOS/ARM64) target=aarch64-apple-darwin ext=tar.gz ;;
  Windows/X64) target=x86_64-pc-windows-msvc ext=zip ;;
  *) fail "no prebuilt rolelint for ${RUNNER_OS:-?}/${RUNNER_ARCH:-?}; use version: source" ;;
esac
base=${ROLELINT_DOWNLOAD_URL:-https://github.com/${ROLELINT_REPOSITORY:?ROLELINT_REPOSITORY is required}/releases/download}
archive="rolelint-$version-$target.$ext"
url="$base/v$version/$archive"

work=$(mktemp -d "${RUNNER_TEMP:-/tmp}/rolelint-download.XXXXXX")
trap 'rm -rf "$work"' EXIT
fetch() { curl --fail --silent --show-error --location --retry 3 --retry-delay 2 --output "$2" "$1"; }
fetch "$url" "$work/$archive" || fail "cannot download $url"
fetch "$url.sha256" "$work/$archive.sha256" || fail "cannot download $url.sha256"

# The checksum file names the archive: `HEX  ARCHIVE`.
read -r expected name <"$work/$archive.sha256" || true
name=${name#\*}
[ "$name" = "$archive" ] || fail "$archive.sha256 is for \"$name\", not $archive"
if command -v sha256sum >/dev/null; then
  actual=$(sha256sum "$work/$archive" | cut -d' ' -f1)
else
  actual=$(shasum -a 256 "$work/$archive" | cut -d' ' -f1)
fi
[ "$actual" = "$expected" ] || fail "checksum mismatch for $archive (expected $expected, got $actual); refusing to install it"

dest="${RUNNER_TEMP:-/tmp}/rolelint/bin"
rm -rf "$dest"
mkdir -p "$dest"
case "$ext" in
  tar.gz) tar -xzf "$work/$archive" -C "$dest" ;;
  zip) unzip -q -o "$work/$archive" -d "$dest" ;;
esac
binary="$dest/rolelint"
[ "$ext" = zip ] && binary="$dest/rolelint.exe"
[ -f "$binary" ] || fail "$archive holds no rolelint binary at its top level"
chmod +x "$binary"
echo "rolelint $version ($target) verified and installed in $dest"
if [ -n "${GITHUB_PATH:-}" ]; then echo "$dest" >>"$GITHUB_PATH"; fi
