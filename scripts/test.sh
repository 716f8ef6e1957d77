#!/usr/bin/env bash
# `make test`: every test in the release profile (the binary's, so dependencies compile once),
# then one closing line with the totals over all test binaries:
#   tvetplan: 458 passed, 0 failed
# Exits with cargo's status, so a failing test still fails `make test` and `.ci/run`.
# Arguments go to cargo test (scripts/test.sh --test tests locate).
set -euo pipefail
cd "$(dirname "$0")/.."

log="$(mktemp)"
trap 'rm -f "$log"' EXIT

status=0
# --no-fail-fast: the other test binaries still run after one fails, so the count is whole.
cargo test --release --no-fail-fast "$@" 2>&1 | tee "$log" || status=$?

# Lines like "test result: ok. 94 passed; 0 failed; 1 ignored; ..." (one per test binary).
read -r passed failed ignored binaries < <(awk '
  /^test result: / {
    for (k = 1; k <= NF; k++) {
      if ($(k + 1) ~ /^passed;?$/) p += $k
      if ($(k + 1) ~ /^failed;?$/) f += $k
      if ($(k + 1) ~ /^ignored;?$/) i += $k
    }
    b++
  }
  END { print p + 0, f + 0, i + 0, b + 0 }' "$log")

if [ "$binaries" -eq 0 ]; then
  echo "tvetplan: no test ran (cargo test exited with status $status)"
elif [ "$ignored" -gt 0 ]; then
  echo "tvetplan: $passed passed, $failed failed, $ignored skipped"
else
  echo "tvetplan: $passed passed, $failed failed"
fi
exit "$status"
