#!/usr/bin/env bash
# The Debian packages the tool scripts need (Neovim, Graphviz, Chromium),
# installed when missing. The scripts install their PyPI and npm tools
# themselves; in CI a script whose tool is still missing fails.
set -euo pipefail
missing=()
command -v nvim >/dev/null 2>&1 || missing+=(neovim)
command -v dot >/dev/null 2>&1 || missing+=(graphviz)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if [ "${#missing[@]}" = 0 ]; then
  echo "Debian tools present: nvim, dot, chromium"
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "cannot install ${missing[*]}: not root, or no apt-get"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "installed: ${missing[*]}"
