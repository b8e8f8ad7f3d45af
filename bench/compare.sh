#!/usr/bin/env bash
# Compares two builds of the benchmark in one run: the binaries alternate,
# ROUNDS times, so both see the same machine load, and the median of each
# benchmark's CPU time is reported with the ratio after/before.
#   bash bench/compare.sh BEFORE_BENCH AFTER_BENCH [ROUNDS] [FILTER]
# e.g. keep a copy of build/release/bench/mutualab_bench before a change,
# rebuild, then compare it with the new one.
set -euo pipefail
before=$1 after=$2 rounds=${3:-7} filter=${4:-'BM_WorldStep|BM_Replication$'}
for b in "$before" "$after"; do [[ -x $b ]] || { echo "compare.sh: $b is not an executable benchmark" >&2; exit 2; }; done
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for ((i = 1; i <= rounds; ++i)); do
  for side in before after; do
    bin=$before; [[ $side == after ]] && bin=$after
    # JSON, not CSV: the CSV reporter aborts when benchmarks of one run have different counters.
    "$bin" --benchmark_filter="$filter" --benchmark_min_time=0.5 --benchmark_format=json 2>/dev/null |
      python3 -c 'import json, sys
for b in json.load(sys.stdin)["benchmarks"]:
    print(sys.argv[1], b["name"], b["cpu_time"], b["time_unit"])' "$side" >> "$out"
  done
  echo "round $i/$rounds done" >&2
done
python3 - "$out" <<'PY'
import statistics, sys
rows = {}
unit = {}
for line in open(sys.argv[1]):
    side, name, cpu, u = line.split()
    rows.setdefault(name, {}).setdefault(side, []).append(float(cpu))
    unit[name] = u
print(f"{'benchmark':28} {'before':>12} {'after':>12} {'after/before':>13}   (median CPU time of each)")
for name, d in rows.items():
    b, a = statistics.median(d["before"]), statistics.median(d["after"])
    print(f"{name:28} {b:10.1f}{unit[name]:>2} {a:10.1f}{unit[name]:>2} {a / b:13.3f}")
PY
