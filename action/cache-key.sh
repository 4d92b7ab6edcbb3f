#!/usr/bin/env bash
# Writes `key` to $GITHUB_OUTPUT: a hash of everything the rolelint binary
# is built from, so a changed source never reuses a stale binary.
set -euo pipefail
root="${GITHUB_ACTION_PATH:-$(cd "$(dirname "$0")/.." && pwd)}"
cd "$root"
# Every input of the build: tests/it/action.rs checks that each file the
# source includes (include_str!, include_bytes!) lies under one of these.
inputs=(Cargo.toml Cargo.lock src schema rules examples/starter docs/rules-of-your-own.md)
hash=$(find "${inputs[@]}" -type f -print0 \
  | LC_ALL=C sort -z \
  | xargs -0 sha256sum \
  | sha256sum \
  | cut -c1-32)
echo "key=rolelint-${RUNNER_OS:-local}-$(uname -m)-$hash" >> "${GITHUB_OUTPUT:-/dev/stdout}"
