#!/usr/bin/env bash
# Regenerates tests/golden/presets/: every preset's summary.json,
# timeseries.csv and agents.csv (2 replications, seed 7). These files guard
# refactors: tests/native/golden_test.sh reruns every preset and requires the
# same bytes. Regenerate ONLY in a commit that means to change the numbers,
# and say why in its message.
#
#   bash scripts/update_golden.sh [MUTUALAB_BINARY]   (default build/release/mutualab)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bin=${1:-build/release/mutualab}
[[ -x $bin ]] || { echo "update_golden: build first (bash scripts/setup.sh mutualab); $bin is missing" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -rf tests/golden/presets
mkdir -p tests/golden/presets
for p in $("$bin" presets --json | python3 -c 'import json, sys; print(" ".join(x["name"] for x in json.load(sys.stdin)))'); do
  "$bin" run "preset:$p" --reps 2 --seed 7 --threads 2 --quiet --out "$work/$p"
  mkdir -p "tests/golden/presets/$p"
  cp "$work/$p/summary.json" "$work/$p/timeseries.csv" "$work/$p/agents.csv" "tests/golden/presets/$p/"
done
echo "update_golden: wrote $(ls tests/golden/presets | wc -l) presets into tests/golden/presets"
