#!/usr/bin/env bash
# How mutualab's batch work scales with cores on this machine, and a check
# that the results do not depend on it: `run` (replications on threads),
# `sweep` (cells on threads, and on MPI ranks when mpirun is installed) and
# `risk` (blocks of Monte Carlo samples on threads), each at 1, 2, 4, ...
# threads up to MAX_THREADS (default: every core). Each workload's result
# files must be byte-identical at every count (exit 1 if not).
#
#   bash bench/scaling.sh [MAX_THREADS [MUTUALAB]]
#   bash bench/scaling.sh 16                       # a 16-core machine
#   SCALING_WORK=0.25 bash bench/scaling.sh        # a quarter of the work (a quick look)
#   SCALING_REPEAT=3 bash bench/scaling.sh         # each timed 3 times, the fastest kept (a shared machine)
#
# Fixed work (strong scaling), 7 to 15 s a workload on one core of this
# project's machine: run, akerlof-flat-fee at 2,000 writers and 300 LPs,
# 256 replications (--series none: the per-step series is compressed and
# written on one thread, a second or so of it); sweep, 48 cells (3 fee
# rules x 16 loadings) of 16 replications at 1,000 writers; risk, a synthetic book of 10,000
# positions, 65,536 samples (16 blocks of 4,096, the engine's unit of
# work: a count of blocks that the threads do not divide leaves some
# idle at the end). SCALING_WORK scales replications, cells'
# replications and samples. Times are wall clock, the process's start
# and its files included. As root, mpirun needs
# OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
max=${1:-$(nproc)}
bin=${2:-build/release/mutualab}
work=${SCALING_WORK:-1}
repeat=${SCALING_REPEAT:-1}
if [[ ! $max =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: bash bench/scaling.sh [MAX_THREADS [MUTUALAB]]   (MAX_THREADS: a whole number >= 1, got '$max')" >&2
  exit 2
fi
[[ -x $bin ]] || { echo "scaling.sh: $bin is not an executable (build it: cmake --build --preset release)" >&2; exit 2; }
if ! python3 -c "import sys; w = float(sys.argv[1]); sys.exit(0 if 0 < w <= 100 else 1)" "$work" 2>/dev/null; then
  echo "scaling.sh: SCALING_WORK must be a number in (0, 100], got '$work'" >&2
  exit 2
fi
if [[ ! $repeat =~ ^[1-9][0-9]*$ ]]; then
  echo "scaling.sh: SCALING_REPEAT must be a whole number >= 1, got '$repeat'" >&2
  exit 2
fi
bin=$(realpath "$bin")
scaled() { python3 -c "import sys; print(max(int(round(float(sys.argv[1]) * float(sys.argv[2]))), int(sys.argv[3])))" "$1" "$work" "$2"; }
reps=$(scaled 256 2)
cellReps=$(scaled 16 2)
samples=$(scaled 65536 4096)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

counts=()
for ((n = 1; n < max; n *= 2)); do counts+=("$n"); done
counts+=("$max")

now() { date +%s.%N; }
results="$tmp/results.txt"
: > "$results"
# time_it WORKLOAD LABEL THREADS_TOTAL OUTDIR COMMAND...: runs it $repeat
# times (the output folder emptied before each), records the fastest wall time.
time_it() {
  local workload=$1 label=$2 total=$3 out=$4
  shift 4
  local start end best=""
  for ((i = 0; i < repeat; ++i)); do
    rm -rf "$out"
    start=$(now)
    "$@" > "$tmp/last.log" 2>&1 || { echo "scaling.sh: $workload $label failed:" >&2; cat "$tmp/last.log" >&2; exit 1; }
    end=$(now)
    best=$(python3 -c "import sys; t = float(sys.argv[2]) - float(sys.argv[1]); b = sys.argv[3]; print(f'{t if not b or t < float(b) else float(b):.6f}')" "$start" "$end" "$best")
  done
  echo "$workload $label $total $best $out" >> "$results"
  printf "  %s %s: %.2f s\n" "$workload" "$label" "$best" >&2
}

echo "scaling.sh: $(nproc) cores here, counts ${counts[*]}, work x$work ($("$bin" --version 2>/dev/null | head -1))" >&2

for n in "${counts[@]}"; do
  time_it run "${n}t" "$n" "$tmp/run$n" "$bin" run preset:akerlof-flat-fee --set writers/count=2000 --set lps/count=300 \
    --reps "$reps" --threads "$n" --series none --quiet --out "$tmp/run$n"
done

cat > "$tmp/spec.json" <<EOF
{"name": "scaling", "scenario": "preset:akerlof-flat-fee", "reps": $cellReps, "seed": 1,
 "set": ["writers/count=1000", "lps/count=150"],
 "grid": {"pool/feeRule/name": ["flat", "risk-based", "credibility"],
          "pool/feeRule/params/loading": [0, 0.0625, 0.125, 0.1875, 0.25, 0.3125, 0.375, 0.4375, 0.5, 0.5625, 0.625,
                                          0.6875, 0.75, 0.8125, 0.875, 1.0]}}
EOF
for n in "${counts[@]}"; do
  time_it sweep "${n}t" "$n" "$tmp/sweep$n" "$bin" sweep "$tmp/spec.json" --threads "$n" --no-plot --quiet --out "$tmp/sweep$n"
done
mpi=1
if ! command -v mpirun > /dev/null; then
  mpi=0
  echo "scaling.sh: no mpirun here (Debian's openmpi-bin): MPI ranks not measured" >&2
elif [[ $(id -u) == 0 && -z ${OMPI_ALLOW_RUN_AS_ROOT:-} ]]; then
  mpi=0
  echo "scaling.sh: as root mpirun needs OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1: MPI ranks not measured" >&2
fi
if ((mpi && max >= 2)); then
  for ((np = 2; np <= max; np *= 2)); do
    th=$((max / np))
    time_it sweep "${np}r×${th}t" $((np * th)) "$tmp/sweep${np}r" mpirun --oversubscribe -np "$np" "$bin" sweep "$tmp/spec.json" \
      --threads "$th" --no-plot --quiet --out "$tmp/sweep${np}r"
  done
fi

for n in "${counts[@]}"; do
  time_it risk "${n}t" "$n" "$tmp/risk$n" "$bin" risk --positions 10000 --samples "$samples" --threads "$n" --no-plot --quiet \
    --out "$tmp/risk$n"
done

# The table, and whether every count gave the same bytes as one thread.
python3 - "$results" "$tmp" "$repeat" <<'PY'
import filecmp, os, sys
rows = [line.split() for line in open(sys.argv[1])]
files = {"run": ["replications.csv", "timeseries.csv", "agents.csv"],
         "sweep": ["sweep.csv"],
         "risk": ["var_es.csv", "components.csv", "stress.csv", "loss_histogram.csv"]}
def same(a, b, workload):
    names = list(files[workload])
    if workload == "sweep":
        cells = sorted(os.listdir(os.path.join(a, "cells")))
        if cells != sorted(os.listdir(os.path.join(b, "cells"))):
            return False
        names += [os.path.join("cells", c) for c in cells]
    # A file neither run wrote is no difference.
    return all(filecmp.cmp(os.path.join(a, f), os.path.join(b, f), shallow=False)
               for f in names if os.path.exists(os.path.join(a, f)) or os.path.exists(os.path.join(b, f)))
ok = True
print(f"{'workload':<8} {'layout':>8} {'cores':>5} {'wall s':>8} {'speed-up':>9} {'efficiency':>10}  same bytes as 1 thread"
      + (f"  (fastest of {sys.argv[3]})" if sys.argv[3] != "1" else ""))
base = {}
for workload, label, total, seconds, out in rows:
    t = float(seconds)
    if label == "1t":
        base[workload] = (t, out)
    t1, out1 = base[workload]
    s = same(out1, out, workload)
    ok = ok and s
    print(f"{workload:<8} {label:>8} {int(total):>5} {t:>8.2f} {t1 / t:>8.2f}x {t1 / t / int(total):>10.2f}  {'yes' if s else 'NO'}")
if not ok:
    print("scaling.sh: some results differ from one thread's: a determinism bug, please report it", file=sys.stderr)
    sys.exit(1)
PY
