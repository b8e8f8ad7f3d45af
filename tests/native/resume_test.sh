#!/usr/bin/env bash
# A sweep killed with SIGKILL part-way and continued with --resume ends with
# exactly the files of an uninterrupted run. Usage: resume_test.sh MUTUALAB_BINARY
set -euo pipefail
bin=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/sweep.json" <<JSON
{"name": "kill", "scenario": "preset:risk-based-fee", "reps": 4, "seed": 2, "set": ["sim/steps=200"],
 "grid": {"pool/feeRule/params/loading": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2]}}
JSON
"$bin" sweep "$work/sweep.json" --out "$work/full" --threads 1 --quiet --no-plot
"$bin" sweep "$work/sweep.json" --out "$work/killed" --threads 1 --quiet --no-plot &
pid=$!
# Kill it once some, but not all, cells are on disk.
for _ in $(seq 1 400); do
  n=$(ls "$work/killed/cells" 2>/dev/null | grep -c '^cell-.*json$' || true)
  [ "$n" -ge 3 ] && break
  sleep 0.01
done
kill -9 "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
before=$(ls "$work/killed/cells" | grep -c '^cell-.*json$' || true)
if [ -f "$work/killed/sweep.csv" ]; then
  echo "note: the sweep finished before the kill ($before cells); resume is still checked"
fi
"$bin" sweep "$work/sweep.json" --out "$work/killed" --threads 1 --quiet --no-plot --resume
cmp "$work/full/sweep.csv" "$work/killed/sweep.csv"
for f in "$work/full/cells"/cell-*.json; do cmp "$f" "$work/killed/cells/$(basename "$f")"; done
echo "killed after $before of 12 cells; --resume gave identical files"
