#!/usr/bin/env bash
# What the pricing kernel's lane width is worth: the same step and floor
# benchmarks, and the playground's replications, on kernels of three widths.
# Builds two more configurations beside build/release, with fewer of the
# kernel's x86-64 clones (CMake's MUTUALAB_KERNEL_ISA):
#   build/kernel-avx2   at most AVX2 (four double lanes)
#   build/kernel-sse2   SSE2 only (two: the width of WebAssembly's SIMD)
# then times, in alternating rounds so every build sees the same machine,
#   - BM_WorldStep/10000 and BM_FloorStep/10000 (the issue's step, and its
#     floor: step / floor is the median of each round's own ratio);
#   - mutualab-core bench at 1,000 writers, natively and (when build/wasm
#     has been built, as bash scripts/test.sh does) in WebAssembly under node.
# Every build gives the same bits; only the speed differs. Each build's
# kernel_isa is the clone its CPU actually runs: on a machine without
# AVX-512 the release build runs AVX2 too.
#
#   bash bench/kernel_width.sh [ROUNDS]      (after bash scripts/setup.sh; default 3 rounds)
#
# The two extra builds take about 10 minutes on 2 cores the first time.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rounds=${1:-3}
[[ $rounds =~ ^[1-9][0-9]*$ ]] || { echo "kernel_width.sh: ROUNDS must be a positive integer, got '$rounds'" >&2; exit 2; }
[[ -x build/release/bench/mutualab_bench ]] || { echo "kernel_width.sh: build/release/bench/mutualab_bench missing: run bash scripts/setup.sh (it needs libbenchmark-dev)" >&2; exit 2; }
cmake --build build/release --target mutualab_bench mutualab-core >/dev/null

builds=(release kernel-avx2 kernel-sse2)
for isa in avx2 sse2; do
  dir=build/kernel-$isa
  if [[ ! -f $dir/CMakeCache.txt ]]; then
    echo "configuring $dir" >&2
    cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMUTUALAB_KERNEL_ISA=$isa \
      -DMUTUALAB_BUILD_TESTS=OFF -DMUTUALAB_BUILD_GUI=OFF -DMUTUALAB_BUILD_PYTHON=OFF >/dev/null
  fi
  echo "building $dir (mutualab_bench, mutualab-core)" >&2
  cmake --build "$dir" --target mutualab_bench mutualab-core >/dev/null
done

wasm=build/wasm/web/mutualab-core.js
scenario=(preset:akerlof-flat-fee --seed 1 --set writers/count=1000 --set lps/count=200 --reps 16)
have_wasm=0
if [[ -f $wasm ]] && command -v node >/dev/null; then have_wasm=1; fi
export NODE_PATH=/usr/share/nodejs

out=$(mktemp)
trap 'rm -f "$out"' EXIT
for ((i = 1; i <= rounds; ++i)); do
  for b in "${builds[@]}"; do
    build/$b/bench/mutualab_bench --benchmark_filter='BM_WorldStep/10000$|BM_FloorStep/10000$' \
      --benchmark_min_time=0.5 --benchmark_format=json 2>/dev/null |
      python3 -c 'import json, sys
d = json.load(sys.stdin)
t = {b["name"]: b["cpu_time"] for b in d["benchmarks"]}
print(sys.argv[1], d["context"]["kernel_isa"], "step", t["BM_WorldStep/10000"])
print(sys.argv[1], d["context"]["kernel_isa"], "floor", t["BM_FloorStep/10000"])' "$b" >> "$out"
    build/$b/web/mutualab-core bench "${scenario[@]}" |
      python3 -c 'import json, sys
d = json.load(sys.stdin)
print(sys.argv[1], d["kernel_isa"], "core", d["ms_per_rep"])' "$b" >> "$out"
  done
  if ((have_wasm)); then
    node --no-experimental-fetch "$wasm" bench "${scenario[@]}" |
      python3 -c 'import json, sys
d = json.load(sys.stdin)
print("wasm", d["kernel_isa"], "core", d["ms_per_rep"])' >> "$out"
  fi
  echo "round $i/$rounds done" >&2
done

python3 - "$out" "$have_wasm" <<'PY'
import statistics, sys
rows = {}
isa = {}
for line in open(sys.argv[1]):
    build, kernel, what, value = line.split()
    isa[build] = kernel
    rows.setdefault(build, {}).setdefault(what, []).append(float(value))
med = statistics.median
wasm = med(rows["wasm"]["core"]) if sys.argv[2] == "1" else None
print("Step and floor: akerlof-flat-fee, 10,000 writers, 2,000 LPs (median CPU time of the rounds)")
print(f"{'build':14} {'kernel':8} {'step us':>9} {'floor us':>9} {'step/floor':>11} {'M writer-steps/s':>17}")
for b in ("release", "kernel-avx2", "kernel-sse2"):
    r = rows[b]
    ratio = med([s / f for s, f in zip(r["step"], r["floor"])])
    print(f"{b:14} {isa[b]:8} {med(r['step']):9.1f} {med(r['floor']):9.1f} {ratio:10.2f}x {1e4 / med(r['step']):17.1f}")
print()
print("Playground replications: mutualab-core bench, akerlof-flat-fee, 1,000 writers, 200 LPs, 365 steps")
print(f"{'build':14} {'kernel':8} {'ms/rep':>9} {'wasm / this':>12}")
for b in ("release", "kernel-avx2", "kernel-sse2"):
    n = med(rows[b]["core"])
    cmp = f"{wasm / n:11.2f}x" if wasm else f"{'(no wasm)':>12}"
    print(f"{b:14} {isa[b]:8} {n:9.2f} {cmp}")
if wasm:
    print(f"{'wasm (node)':14} {'simd128':8} {wasm:9.2f}")
PY
