#!/usr/bin/env bash
# A sweep and a tournament under `mpirun -np 3` write byte-identical files to
# a single process, on a one-pool scenario, with explicit cells, and on one with `pools` (per-pool
# and contagion columns). Usage: mpi_test.sh MUTUALAB_BINARY SOURCE_DIR
set -euo pipefail
bin=$1 src=$2
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/sweep.json" <<JSON
{"name": "mpi", "scenario": "preset:akerlof-flat-fee", "reps": 3, "seed": 5, "set": ["sim/steps=60", "writers/count=60"],
 "grid": {"pool/feeRule/name": ["flat", "risk-based"], "writers/theta/sd": [0.1, 0.2, 0.3]}}
JSON
# Explicit cells (fee rules with params of their own) crossed with a grid.
cat > "$work/cells.json" <<JSON
{"name": "mpi-cells", "scenario": "preset:akerlof-flat-fee", "reps": 3, "seed": 5, "set": ["sim/steps=60", "writers/count=60"],
 "cells": [{"label": "flat 20%", "set": {"pool/feeRule/name": "flat", "pool/feeRule/params/loading": 0.2}},
           {"label": "credibility k=5", "set": {"pool/feeRule/name": "credibility", "pool/feeRule/params/k": 5}}],
 "grid": {"writers/theta/sd": [0.1, 0.2]}, "baseline": "flat 20%"}
JSON
cat > "$work/tour.json" <<JSON
{"name": "mpi", "scenario": "preset:akerlof-flat-fee", "reps": 3, "seed": 5, "format": "round-robin",
 "set": ["sim/steps=60", "writers/count=60"],
 "strategies": [{"label": "silo", "name": "always-silo"}, {"label": "pool", "name": "always-pool"},
                {"label": "eu", "name": "expected-utility"}],
 "designs": [{"label": "flat", "set": ["pool/feeRule/name=flat"]}, {"label": "rb", "set": ["pool/feeRule/name=risk-based"]}]}
JSON
# SOL crashes 92% on step 80 of 120 (tiered-pools made small), so its LPs pay claims.
cat > "$work/pool-sweep.json" <<JSON
{"name": "mpi-pools", "scenario": "preset:tiered-pools", "reps": 2, "seed": 5,
 "set": ["sim/steps=120", "writers/count=60", "shock/step=80", "shock/logJump=-2.5"],
 "grid": {"backstop/capital": [0, 20000], "pools/2/feeRule/name": ["flat", "risk-based"]}}
JSON
cat > "$work/pool-tour.json" <<JSON
{"name": "mpi-pools", "scenario": "preset:tiered-pools", "reps": 2, "seed": 5, "format": "round-robin",
 "set": ["sim/steps=120", "writers/count=60", "shock/step=80", "shock/logJump=-2.5"],
 "strategies": [{"label": "silo", "name": "always-silo"}, {"label": "pool", "name": "always-pool"},
                {"label": "eu", "name": "expected-utility"}],
 "designs": [{"label": "shared", "set": []},
             {"label": "isolated", "set": ["backstop/capital=0", "backstop/feeShare=0", "pools/2/feeRule/name=flat"]}]}
JSON
"$bin" sweep "$work/sweep.json" --out "$work/s1" --threads 1 --quiet --no-plot
mpirun --oversubscribe -np 3 "$bin" sweep "$work/sweep.json" --out "$work/s3" --threads 1 --quiet --no-plot
cmp "$work/s1/sweep.csv" "$work/s3/sweep.csv"
rm "$work/s3/cells/cell-00002.json"
out=$(mpirun --oversubscribe -np 3 "$bin" sweep "$work/sweep.json" --out "$work/s3" --threads 1 --resume --no-plot)
grep -q '(1 run now, 5 resumed)' <<< "$out" || { echo "MPI resume should report 1 run now, 5 resumed, got: $out" >&2; exit 1; }
cmp "$work/s1/sweep.csv" "$work/s3/sweep.csv"
"$bin" sweep "$work/cells.json" --out "$work/c1" --threads 1 --quiet --no-plot
mpirun --oversubscribe -np 3 "$bin" sweep "$work/cells.json" --out "$work/c3" --threads 1 --quiet --no-plot
grep -q '^cell,label,' "$work/c1/sweep.csv"
cmp "$work/c1/sweep.csv" "$work/c3/sweep.csv"
grep -q '^cell,label,pool/feeRule/name,pool/feeRule/params/k,pool/feeRule/params/loading,writers/theta/sd,baseline_cell,metric,' "$work/c1/paired.csv"
cmp "$work/c1/paired.csv" "$work/c3/paired.csv"
cmp "$work/c1/params.json" "$work/c3/params.json"
"$bin" tournament "$work/tour.json" --out "$work/t1" --threads 1 --quiet --no-plot
mpirun --oversubscribe -np 3 "$bin" tournament "$work/tour.json" --out "$work/t3" --threads 1 --quiet --no-plot
cmp "$work/t1/scores.csv" "$work/t3/scores.csv"
cmp "$work/t1/cells.csv" "$work/t3/cells.csv"
# Resumed under MPI with one cell file gone: that cell alone runs, and the
# count says so (it said every cell before 2026-12-04).
rm "$work/t3/cells/cell-00004.json"
out=$(mpirun --oversubscribe -np 3 "$bin" tournament "$work/tour.json" --out "$work/t3" --threads 1 --resume --no-plot)
grep -q ' 1 of 6 cells run now' <<< "$out" || { echo "MPI resume should report 1 of 6 cells run now, got: $out" >&2; exit 1; }
cmp "$work/t1/cells.csv" "$work/t3/cells.csv"
"$bin" sweep "$work/pool-sweep.json" --out "$work/ps1" --threads 1 --quiet --no-plot
mpirun --oversubscribe -np 3 "$bin" sweep "$work/pool-sweep.json" --out "$work/ps3" --threads 1 --quiet --no-plot
grep -q ',sol.unpaid_claims,' "$work/ps1/sweep.csv"
cmp "$work/ps1/sweep.csv" "$work/ps3/sweep.csv"
"$bin" tournament "$work/pool-tour.json" --out "$work/pt1" --threads 1 --quiet --no-plot
mpirun --oversubscribe -np 3 "$bin" tournament "$work/pool-tour.json" --out "$work/pt3" --threads 1 --quiet --no-plot
grep -q ',sol.unpaid_claims,' "$work/pt1/cells.csv"
cmp "$work/pt1/scores.csv" "$work/pt3/scores.csv"
cmp "$work/pt1/cells.csv" "$work/pt3/cells.csv"
echo "mpirun -np 3: sweep.csv, scores.csv and cells.csv identical to one process, with and without pools and explicit cells, and paired.csv"
