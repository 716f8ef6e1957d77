#!/usr/bin/env bash
# Mutation testing of the core modules with cargo-mutants: each mutant is a small change to
# the model code (an operator flipped, a function returning a default); a mutant the tests
# still pass on ("missed") is a place the tests do not pin. Slow, so not in CI and not in
# `make test`.
#
#   scripts/mutants.sh                        # every mutant of the core modules (many hours)
#   scripts/mutants.sh --shard 0/20           # one twentieth of them (round-robin)
#   scripts/mutants.sh -f src/options.rs      # one module (repeat -f for several)
#   scripts/mutants.sh --list                 # list the mutants, build nothing
#
# Any extra arguments go to `cargo mutants` (e.g. --shard k/n, -f FILE, -F REGEX, --list).
# Exit status as cargo-mutants' (2 when some mutant is missed).
# Results are written to mutants.out/ (gitignored): caught.txt, missed.txt, timeout.txt,
# unviable.txt, outcomes.json.
#
# Needs cargo-mutants; if it is missing, install it with
#   cargo install cargo-mutants --locked
#
# --in-place mutates the files of this working tree (and restores them after each mutant)
# so the warm target folder is reused. The release profile turns incremental compilation
# off; CARGO_INCREMENTAL=1 turns it back on for tvetplan alone (dependencies are never
# incremental, so they stay fresh): a mutant then rebuilds the library tests in ~1.5-2 min
# instead of ~4.5 min on a loaded 2-core machine, plus the tests (~25 s idle, ~2 min loaded).
# Do not edit or build in this tree while it runs; if it is interrupted, check `git diff`
# for a leftover mutation.
#
# To re-test chosen mutants, -F REGEX (matched against the names `--list` shows) is not
# enough: cargo-mutants 27 lets every "delete field ... from struct ... expression" mutant
# of the examined files through -F and -E. Add --in-diff with a diff touching only the
# lines of the chosen mutants, and check the selection with --list first.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! cargo mutants --version >/dev/null 2>&1; then
  echo "cargo-mutants is missing: install it with  cargo install cargo-mutants --locked" >&2
  exit 1
fi

files=(src/score.rs src/options.rs src/access.rs src/access/attendance.rs
       src/scenario/actions.rs src/load/learners.rs src/validate.rs)

# Only the default core set when no -f/--file is given.
file_args=()
if ! printf '%s\n' "$@" | grep -qE '^(-f|--file)'; then
  for f in "${files[@]}"; do file_args+=(--file "$f"); done
fi

# With --shard, deal mutants round-robin so every shard samples every file.
shard_args=()
if printf '%s\n' "$@" | grep -qE '^--shard'; then
  shard_args=(--sharding round-robin)
fi

if [ -n "$(git status --porcelain -- src proptest-regressions)" ]; then
  echo "src/ or proptest-regressions/ has uncommitted changes; commit or stash them first" >&2
  echo "(--in-place mutates src/, and property tests failing on a mutant persist seeds there)" >&2
  exit 1
fi

# The baseline (an unmutated build + test) is skipped, so the timeouts are set here:
# tests run ~25 s unmutated on an idle machine but up to ~175 s (a caught mutant whose property
# tests shrink) when 2 cores are shared by several builds, so a mutant that loops is cut at
# 300 s; builds at 900 s.
status=0
CARGO_INCREMENTAL=1 cargo mutants \
  --in-place \
  --profile release \
  --cargo-arg=--lib \
  --baseline skip \
  --timeout 300 \
  --build-timeout 900 \
  "${shard_args[@]}" \
  "${file_args[@]}" \
  "$@" || status=$?

# Seeds that property tests persisted while failing on a mutant are not regressions of the
# real code: drop them.
git checkout --quiet -- proptest-regressions
git clean --quiet -f -- proptest-regressions
if ! git diff --quiet -- src; then
  echo "warning: src/ differs from HEAD after the run; inspect git diff" >&2
fi
exit $status
