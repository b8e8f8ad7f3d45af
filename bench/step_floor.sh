#!/usr/bin/env bash
# The step's cost as a multiple of its floor (issue 13's "within 2x"), for
# one or more builds of the benchmark: each round runs BM_WorldStep/10000
# and BM_FloorStep/10000 in one invocation per build, builds alternating,
# and the ratio is taken within the invocation. This machine's speed moves
# by a third within minutes, so the two times of one invocation share its
# speed where times from separate runs do not.
#   bash bench/step_floor.sh ROUNDS BENCH [BENCH...]
# e.g. bash bench/step_floor.sh 7 /tmp/old_bench build/release/bench/mutualab_bench
set -euo pipefail
if [[ $# -lt 2 || ! $1 =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: bash bench/step_floor.sh ROUNDS BENCH [BENCH...]   (ROUNDS: a whole number >= 1)" >&2
  exit 2
fi
rounds=$1
shift
for b in "$@"; do [[ -x $b ]] || { echo "step_floor.sh: $b is not an executable benchmark" >&2; exit 2; }; done
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for ((i = 1; i <= rounds; ++i)); do
  for b in "$@"; do
    # JSON, not CSV: the CSV reporter aborts when benchmarks of one run have different counters.
    "$b" --benchmark_filter='BM_(WorldStep/10000|FloorStep/10000)$' --benchmark_min_time=0.5 --benchmark_format=json 2>/dev/null |
      python3 -c 'import json, sys
t = {x["name"]: x["cpu_time"] for x in json.load(sys.stdin)["benchmarks"]}
print(sys.argv[1], t["BM_WorldStep/10000"], t["BM_FloorStep/10000"])' "$b" >> "$out"
  done
  echo "round $i/$rounds done" >&2
done
python3 - "$out" "$@" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    name, step, floor = line.split()
    rows.setdefault(name, []).append((float(step), float(floor)))
# The binary's path last, whole: a path cut to fit a column named the wrong build.
print(f"{'step us':>9} {'floor us':>9} {'step/floor':>11} {'(min-max)':>13}  benchmark binary (medians of {len(rows[sys.argv[2]])} rounds)")
for name in sys.argv[2:]:
    v = rows[name]
    r = [s / f for s, f in v]
    print(f"{statistics.median(s for s, _ in v):9.1f} {statistics.median(f for _, f in v):9.1f} "
          f"{statistics.median(r):11.3f} {min(r):6.3f}-{max(r):.3f}  {name}")
PY
