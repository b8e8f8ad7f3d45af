#!/usr/bin/env bash
# Errors under `mpirun -np 3`: bad input every rank reads is printed once,
# with exit code 2; an output folder rank 0 alone refuses (the other ranks
# wait for it at a barrier) ends the whole job with exit code 2, naming the
# rank, instead of hanging (until 2026-12-05 rank 0 waited in MPI_Finalize
# for ranks that waited for it). Usage: mpi_errors_test.sh MUTUALAB_BINARY
set -uo pipefail
bin=$1
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "$*" >&2; exit 1; }

echo '{"name": "bad", "scenario": "preset:akerlof-flat-fee", "replications": 2}' > "$work/bad.json"
timeout 120 mpirun --oversubscribe -np 3 "$bin" sweep "$work/bad.json" --out "$work/b" --no-plot > "$work/out" 2> "$work/err"
rc=$?
[ "$rc" = 2 ] || fail "a bad spec under mpirun should exit 2, got $rc: $(cat "$work/err")"
n=$(grep -c "unknown key 'replications'" "$work/err")
[ "$n" = 1 ] || fail "a bad spec's error should be printed once for the job, got $n times: $(cat "$work/err")"
[ ! -e "$work/b" ] || fail "a refused spec should write no output folder"

echo '{"name": "ok", "scenario": "preset:akerlof-flat-fee", "reps": 2, "set": ["sim/steps=20", "writers/count=20"],
 "grid": {"pool/feeRule/params/loading": [0.1, 0.2]}}' > "$work/ok.json"
mkdir "$work/theirs" && echo "not ours" > "$work/theirs/notes.txt"
timeout 120 mpirun --oversubscribe -np 3 "$bin" sweep "$work/ok.json" --out "$work/theirs" --no-plot > "$work/out" 2> "$work/err"
rc=$?
[ "$rc" != 124 ] || fail "mpirun hung when rank 0 refused the output folder"
[ "$rc" = 2 ] || fail "a refused output folder under mpirun should exit 2, got $rc: $(cat "$work/err")"
grep -q "rank 0 of 3: error: --out: .* was not written by mutualab" "$work/err" || fail "rank 0's refusal should name its rank: $(cat "$work/err")"
[ "$(ls "$work/theirs")" = notes.txt ] && [ "$(cat "$work/theirs/notes.txt")" = "not ours" ] || fail "the refused folder changed"
echo "mpirun -np 3: a bad spec's error printed once (exit 2); rank 0's refused output folder ends the job (exit 2), folder untouched"
