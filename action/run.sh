#!/usr/bin/env bash
# The GitHub Action's logic. Every input arrives through the environment:
#   INPUT_PATHS INPUT_CONFIG INPUT_FAIL_ON INPUT_SARIF_FILE INPUT_SUMMARY
#   INPUT_WORKING_DIRECTORY INPUT_ARGS INPUT_BASELINE INPUT_BASE
#   INPUT_ONLY_NEW, and ROLELINT (the binary; default, the one the action
#   built under $RUNNER_TEMP/rolelint).
# Writes annotations to stdout, the Markdown report to $GITHUB_STEP_SUMMARY
# and `findings` and `sarif-file` (absolute) to $GITHUB_OUTPUT. Exits with
# rolelint's exit code. Files are named relative to $GITHUB_WORKSPACE in
# annotations, wherever working-directory points.
set -uo pipefail

rolelint="${ROLELINT:-${RUNNER_TEMP:-/tmp}/rolelint/bin/rolelint}"
# `config`, `baseline` and `sarif-file` name files of the repository: a
# relative one is taken from its root, like the names in annotations, not
# from working-directory (which only says where to run and what `paths`
# are relative to).
root="${GITHUB_WORKSPACE:-$PWD}"
from_root() { case "$1" in /*) printf '%s' "$1" ;; *) printf '%s/%s' "$root" "$1" ;; esac; }
[ -n "${INPUT_CONFIG:-}" ] && INPUT_CONFIG=$(from_root "$INPUT_CONFIG")
[ -n "${INPUT_BASELINE:-}" ] && INPUT_BASELINE=$(from_root "$INPUT_BASELINE")
[ -n "${INPUT_SARIF_FILE:-}" ] && INPUT_SARIF_FILE=$(from_root "$INPUT_SARIF_FILE")
cd "${INPUT_WORKING_DIRECTORY:-.}" || { echo "::error::working-directory does not exist"; exit 2; }

args=(check --format github)
if [ -n "${INPUT_CONFIG:-}" ]; then args+=(--config "$INPUT_CONFIG"); fi
if [ -n "${INPUT_FAIL_ON:-}" ]; then args+=(--fail-on "$INPUT_FAIL_ON"); fi
if [ -n "${INPUT_BASELINE:-}" ]; then args+=(--baseline "$INPUT_BASELINE"); fi
sarif_file=""
if [ -n "${INPUT_SARIF_FILE:-}" ]; then
  args+=(--format "sarif=$INPUT_SARIF_FILE")
  # Absolute (from the repository root), so the upload step finds it.
  sarif_file=$INPUT_SARIF_FILE
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
args+=(--format "json=$work/report.json")
case "${INPUT_SUMMARY:-true}" in
  true | yes | 1) args+=(--format "markdown=$work/summary.md") ;;
esac

# Paths and extra arguments are split on whitespace only; no glob, quote
# or other shell expansion, and nothing is ever evaluated.
paths=()
if [ -n "${INPUT_PATHS:-}" ]; then
  set -f
  read -r -d '' -a paths <<< "$INPUT_PATHS" || true
  set +f
fi
extra=()
if [ -n "${INPUT_ARGS:-}" ]; then
  set -f
  read -r -d '' -a extra <<< "$INPUT_ARGS" || true
  set +f
fi

# Reviewing a change: the base commit must be present, and is fetched when
# the checkout does not have it.
base="${INPUT_BASE:-}"
if [ -n "$base" ]; then
  case "$base" in
    -* | *[!0-9A-Za-z._/-]*) echo "::error::base is not a revision: $base"; exit 2 ;;
  esac
  if ! git rev-parse --verify --quiet --end-of-options "$base^{commit}" >/dev/null 2>&1; then
    echo "rolelint: the base commit $base is not in the checkout; fetching it"
    git fetch --no-tags --depth=1 origin "$base" >/dev/null 2>&1 \
      || echo "::warning::cannot fetch the base commit $base; set fetch-depth: 0 on actions/checkout"
  fi
  case "${INPUT_ONLY_NEW:-false}" in
    true | yes | 1) args+=(--new-from-rev "$base") ;;
  esac
  "$rolelint" diff --base "$base" -f markdown -o "$work/diff.md" -- "${paths[@]}" \
    || echo "::warning::rolelint diff against $base failed; see the log"
fi

"$rolelint" "${args[@]}" "${extra[@]}" -- "${paths[@]}" 2>"$work/stderr"
status=$?
cat "$work/stderr" >&2
# A run that could not check (exit 2) says why where the pull request shows
# it: each error line as an annotation (escaped as workflow commands need).
if [ "$status" -ge 2 ]; then
  said=0
  while IFS= read -r line; do
    case "$line" in
      error:*)
        message=${line#error: }
        message=${message//%/%25}
        message=${message//$'\r'/%0D}
        echo "::error title=rolelint could not run::$message"
        said=1
        ;;
    esac
  done < "$work/stderr"
  [ "$said" = 1 ] || echo "::error title=rolelint could not run::exit $status; see the log"
fi

findings=0
if [ -f "$work/report.json" ]; then
  # The summary block of the JSON report: "errors": N, "warnings": N, "infos": N
  findings=$(sed -n 's/^ *"\(errors\|warnings\|infos\)": \([0-9]*\),\{0,1\}$/\2/p' "$work/report.json" \
    | awk '{ total += $1 } END { print total + 0 }')
fi

if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  for part in "$work/diff.md" "$work/summary.md"; do
    if [ -f "$part" ]; then cat "$part" >> "$GITHUB_STEP_SUMMARY"; fi
  done
fi

if [ -n "${GITHUB_OUTPUT:-}" ]; then
  delimiter="rolelint_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
  {
    echo "findings=$findings"
    printf 'sarif-file<<%s\n%s\n%s\n' "$delimiter" "$sarif_file" "$delimiter"
  } >> "$GITHUB_OUTPUT"
fi

exit "$status"
