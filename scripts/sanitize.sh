#!/usr/bin/env bash
# The sanitizer job: builds the CLI and the Catch2 tests with AddressSanitizer
# + UndefinedBehaviorSanitizer (the `asan` preset: g++, Debug, build/asan; no GUI)
# and runs, with any sanitizer report fatal:
#   1. ctest --preset asan: the unit tests, the CLI tests, kill -9 + resume and
#      mpirun (the browser, node and xvfb tests are the release job's);
#   2. every preset: mutualab run preset:NAME --reps 2 --threads 2;
#   3. a sweep and a tournament (tests/sanitizers/*.json, a few small cells).
# Exit code: 0 when every step passed, 1 otherwise (all steps run either way).
#
#   bash scripts/sanitize.sh          (as root on Debian 12, from anywhere)
#
# Leaks are reported (detect_leaks=1); only third-party leaks listed, each
# with its reason, in tests/sanitizers/lsan.supp are suppressed. A sanitizer
# report exits with code 86, so it cannot pass for the CLI's own exit codes.
# MUTUALAB_JOBS sets the parallel build and test jobs (default: nproc).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
say() { printf '[sanitize] %s\n' "$*"; }
start=$SECONDS

# The same settings as the asan test preset in CMakePresets.json (keep them in step).
export ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:exitcode=86:check_initialization_order=1:strict_init_order=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:exitcode=86
export LSAN_OPTIONS=suppressions=$root/tests/sanitizers/lsan.supp:print_suppressions=0
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1  # the CLI initializes MPI when built with it

bash scripts/ensure_packages.sh cmake ninja-build g++ pkg-config libboost-random-dev libpcg-cpp-dev \
  nlohmann-json3-dev libcli11-dev catch2 libopenmpi-dev openmpi-bin musl-dev libmuparser-dev zlib1g-dev

jobs=${MUTUALAB_JOBS:-$(nproc 2>/dev/null || echo 2)}
say "configuring (cmake --preset asan)"
cmake --preset asan >/dev/null
say "building mutualab and mutualab_tests (cmake --build --preset asan -j$jobs)"
t=$SECONDS
cmake --build --preset asan -j"$jobs"
say "built in $((SECONDS - t)) s"
bin=$root/build/asan/mutualab

failed=()
step() {  # step NAME COMMAND...: runs it, notes a failure, carries on
  local name=$1 t=$SECONDS rc=0; shift
  "$@" || rc=$?
  if ((rc == 0)); then say "ok: $name ($((SECONDS - t)) s)"
  else say "FAILED: $name (exit code $rc$( ((rc == 86)) && echo ': sanitizer report'))"; failed+=("$name"); fi
}

say "ctest --preset asan -j$jobs"
step "ctest --preset asan" ctest --preset asan -j"$jobs"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
presets=$("$bin" presets | awk '{print $1}')
[[ -n $presets ]] || { say "FAILED: mutualab presets listed nothing"; exit 1; }
for p in $presets; do
  step "run preset:$p --reps 2" "$bin" run "preset:$p" --reps 2 --threads 2 --quiet --out "$work/$p"
done
step "sweep tests/sanitizers/sweep.json" \
  "$bin" sweep tests/sanitizers/sweep.json --threads 2 --quiet --no-plot --out "$work/sweep"
step "tournament tests/sanitizers/tournament.json" \
  "$bin" tournament tests/sanitizers/tournament.json --threads 2 --quiet --no-plot --out "$work/tournament"

if ((${#failed[@]} > 0)); then
  say "FAILED in $((SECONDS - start)) s: ${failed[*]}"
  exit 1
fi
say "passed in $((SECONDS - start)) s: ctest, $(echo "$presets" | wc -l) presets, a sweep and a tournament under ASan + UBSan"
