#!/usr/bin/env bash
# Prints the benchmark tables of the README's performance section, measured in one run on
# this machine. Not a test: nothing here fails on a slow machine.
#
#   scripts/bench.sh            # everything, 600 s solver limits (hours: CBC presolves the n = 900 models far past its limit)
#   scripts/bench.sh quick      # 60 s solver limits, no spopt on the n = 900 instances (~25 min)
#
# PySAL spopt runs in a throw-away virtual environment under bench-results/ (installed from
# the Python package index on first use).
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-full}"
out=bench-results
mkdir -p "$out"
./scripts/setup.sh

echo "== building (release)" >&2
cargo build --release --quiet
cargo build --release --quiet --example bench_optimise --example bench_learners --example bench_roads

venv="$out/spopt-venv"
if [ ! -x "$venv/bin/python" ]; then
  echo "== installing PySAL spopt into $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet spopt highspy
fi

limit=600
spopt_only=()
if [ "$mode" = quick ]; then
  limit=60
  # CBC does not honour its time limit while it presolves the n = 900 models (810,000
  # variables): over 10 minutes for pmed38 alone. The full mode runs them.
  spopt_only=(--only pmed1,pmed5,pmed10,pmed20,pmed30)
fi

echo "== location-allocation: tvetplan (exact = HiGHS, time limit ${limit}s; heuristic)" >&2
./target/release/examples/bench_optimise --time-limit "$limit" > "$out/optimise.jsonl"
echo "== location-allocation: PySAL spopt + CBC (time limit ${limit}s)" >&2
"$venv/bin/python" scripts/spopt_bench.py benches/orlib --time-limit "$limit" --solver cbc "${spopt_only[@]}" > "$out/spopt.jsonl"

echo "== end-to-end: tvetplan run on the demo province, 4 scenarios (7 runs)" >&2
for i in 1 2 3 4 5 6 7; do
  /usr/bin/time -f "%e %M" -o "$out/run-$i.time" ./target/release/tvetplan run --quiet --out "$out/reports" --force > /dev/null
done

echo "== national dataset: 34 provinces, 10 million learner records" >&2
if [ ! -f "$out/national/learners.parquet" ]; then
  ./target/release/tvetplan generate --preset national --seed 1 --learners --out "$out/national" --force > /dev/null
fi
echo "== learner records: tvetplan's aggregation against polars alone (5 runs each)" >&2
./target/release/examples/bench_learners "$out/national" 5 > "$out/learners.jsonl"
echo "== end-to-end: national run, 34 province reports + national summary (5 runs)" >&2
for i in 1 2 3 4 5; do
  /usr/bin/time -f "%e %M" -o "$out/national-$i.time" ./target/release/tvetplan run --quiet --data "$out/national" --out "$out/national-reports" --force > /dev/null
done
cp "$out/national-reports/thanh-pho-ha-noi/baseline/manifest.json" "$out/national-manifest.json"

# ROAD_GRID=3000 (default): 9 M road nodes, 27 M nodes in all, about 660 x 660 km; the
# national matrix three times (median).
echo "== road network: synthetic extract, one province cold and cached, the national matrix" >&2
/usr/bin/time -f "%e %M" -o "$out/roads.time" ./target/release/examples/bench_roads "$out/roads" "${ROAD_GRID:-3000}" 2 3 > "$out/roads.jsonl"
rm -f "$out/roads/synthetic.osm.pbf"

echo "== kernels (criterion)" >&2
cargo bench --quiet --bench kernels -- --warm-up-time 1 --measurement-time 5 2>/dev/null | grep -E "^[a-z_]+/|time:" > "$out/kernels.txt" || true

python3 scripts/bench_table.py "$out"
