#!/usr/bin/env bash
# The test job: install what is missing, build everything (CLI + tests) and
# run the whole suite with ctest. Exit code = ctest's.
#
#   bash scripts/test.sh          (as root on Debian 12, from anywhere)
#
# MUTUALAB_JOBS sets the parallel build and test jobs (default: nproc).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
start=$EPOCHREALTIME

bash scripts/setup.sh

jobs=${MUTUALAB_JOBS:-$(nproc 2>/dev/null || echo 2)}
printf '\n[test] ctest --preset release -j%s\n' "$jobs"
rc=0
ctest --preset release -j"$jobs" || rc=$?
awk -v a="$start" -v b="$EPOCHREALTIME" -v rc="$rc" \
  'BEGIN { printf "\n[test] %s in %.1f s (ctest exit code %d)\n", rc == 0 ? "passed" : "FAILED", b - a, rc }'
exit "$rc"
