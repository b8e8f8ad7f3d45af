#!/usr/bin/env bash
# Every preset's summary.json, timeseries.csv and agents.csv (2 replications,
# seed 7) are byte-identical to the committed golden files: the guard for
# refactors (a one-pool scenario keeps its numbers). Usage:
# golden_test.sh MUTUALAB_BINARY SOURCE_DIR. A new preset without golden files
# fails too: run scripts/update_golden.sh and commit them.
set -euo pipefail
bin=$1 src=$2
golden=$src/tests/golden/presets
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
presets=$("$bin" presets --json | python3 -c 'import json, sys; print(" ".join(x["name"] for x in json.load(sys.stdin)))')
fail=0
for p in $presets; do
  if [[ ! -d $golden/$p ]]; then
    echo "preset $p has no golden files: run scripts/update_golden.sh and commit tests/golden/presets/$p"; fail=1; continue
  fi
  "$bin" run "preset:$p" --reps 2 --seed 7 --threads 1 --quiet --out "$work/$p"
  for f in summary.json timeseries.csv agents.csv; do
    if ! cmp -s "$golden/$p/$f" "$work/$p/$f"; then
      echo "preset $p: $f differs from tests/golden/presets/$p/$f"
      diff <(head -c 2000 "$golden/$p/$f") <(head -c 2000 "$work/$p/$f") | head -8 || true
      fail=1
    fi
  done
done
for d in "$golden"/*/; do
  n=$(basename "$d")
  [[ " $presets " == *" $n "* ]] || { echo "golden files for $n, which is no longer a preset: remove tests/golden/presets/$n"; fail=1; }
done
[[ $fail == 0 ]] && echo "$(echo "$presets" | wc -w) presets x 3 files byte-identical to tests/golden/presets"
exit $fail
