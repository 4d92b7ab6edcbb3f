#!/usr/bin/env bash
# The pictures are real: Graphviz renders the DOT and the Mermaid CLI (with
# Debian's Chromium) renders the Mermaid charts of the examples and of the
# version 2 test organisations (teams as clusters, dotted lines) to PNG; the
# 1,000-role generated one is drawn three levels deep, as a user of a large
# organisation would (`--depth`), and as the summary chart of `check -f
# markdown`, which keeps itself within Mermaid's limits.
# Each part is skipped with a notice when its tool is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
. tests/scripts/lib.sh

rolelint=$(rolelint_bin)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
status=0

if command -v dot >/dev/null 2>&1; then
  for file in examples/roles.yaml examples/broken.yaml tests/orgs/*/roles.yaml; do
    "$rolelint" graph "$file" --format dot --findings > "$out/org.dot"
    if dot -Tsvg "$out/org.dot" -o "$out/org.svg" && grep -q "<svg" "$out/org.svg"; then
      echo "ok: dot -Tsvg renders the graph of $file"
    else
      echo "FAIL: dot could not render the graph of $file"; status=1
    fi
  done
else
  notice "graphviz (dot) unavailable: DOT rendering skipped (apt-get install graphviz)"
fi

chromium=$(command -v chromium || true)
if [ -n "$chromium" ] && mmdc=$(PUPPETEER_SKIP_DOWNLOAD=1 ensure_npm @mermaid-js/mermaid-cli mmdc); then
  cat > "$out/puppeteer.json" <<JSON
{"executablePath": "$chromium", "args": ["--no-sandbox", "--headless", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"]}
JSON
  export ROLELINT_TODAY=2026-12-07
  "$rolelint" check tests/orgs/generated/roles.yaml -q -f markdown \
    | awk '/^```mermaid/{f=1;next} /^```/{f=0} f' > "$out/summary.mmd" || true
  for file in examples/roles.yaml examples/broken.yaml tests/orgs/northwind/roles.yaml tests/orgs/open-widgets/roles.yaml \
      "tests/orgs/generated/roles.yaml --depth 3" summary; do
    if [ "$file" = summary ]; then
      cp "$out/summary.mmd" "$out/org.mmd"
      file="the summary chart of tests/orgs/generated/roles.yaml"
    else
      # shellcheck disable=SC2086
      "$rolelint" graph $file --findings > "$out/org.mmd"
    fi
    if timeout 120 "$mmdc" -p "$out/puppeteer.json" -i "$out/org.mmd" -o "$out/org.png" -b white >"$out/mmdc.log" 2>&1 \
      && [ -s "$out/org.png" ]; then
      echo "ok: mermaid-cli renders the chart of $file ($(stat -c %s "$out/org.png") bytes of PNG)"
    else
      cat "$out/mmdc.log"; echo "FAIL: mermaid-cli could not render the chart of $file"; status=1
    fi
  done
  if [ "${UPDATE_PICTURE:-}" = 1 ]; then
    "$rolelint" graph examples/roles.yaml > "$out/org.mmd"
    "$mmdc" -p "$out/puppeteer.json" -i "$out/org.mmd" -o docs/org-chart.png -b white -w 1400 >/dev/null 2>&1
    echo "wrote docs/org-chart.png"
  fi
else
  notice "chromium or @mermaid-js/mermaid-cli unavailable: Mermaid rendering skipped (apt-get install chromium)"
fi
exit $status
