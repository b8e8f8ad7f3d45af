#!/usr/bin/env bash
# The main job: install what is missing, build the CLI, run the default
# experiment (the Akerlof flat fee against the risk-based fee, 30
# replications each), plot the two runs side by side, and list every file.
#
#   bash scripts/main.sh          (as root on Debian 12, from anywhere)
#
# MUTUALAB_REPS overrides the replication count (default 30).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
start=$EPOCHREALTIME

say() { printf '\n[main] %s\n' "$*"; }

say "setup: packages and build of the mutualab CLI and its Python package (the figure's ribbons use it)"
bash scripts/setup.sh mutualab mutualab_python

reps=${MUTUALAB_REPS:-30}
bin=build/release/mutualab
runs=(akerlof-flat-fee risk-based-fee)
for name in "${runs[@]}"; do
  say "running preset:$name ($reps replications)"
  "$bin" run "preset:$name" --reps "$reps" --out "out/$name"
done

# Debian's matplotlib lives in /usr/bin/python3; prefer it over any other python3 on PATH.
py=python3
if [[ -x /usr/bin/python3 ]] && /usr/bin/python3 -c 'import matplotlib' 2>/dev/null; then py=/usr/bin/python3; fi
figure=out/akerlof-vs-risk-based
say "plotting: PYTHONPATH=build/release/python $py experiments/plot_run.py $figure out/akerlof-flat-fee out/risk-based-fee"
PYTHONPATH=build/release/python "$py" experiments/plot_run.py "$figure" out/akerlof-flat-fee out/risk-based-fee

say "files written (under $(pwd)):"
for name in "${runs[@]}"; do
  for f in summary.json timeseries.csv series.csv agents.csv replications.csv; do
    printf '  %-36s %8s bytes\n' "out/$name/$f" "$(stat -c %s "out/$name/$f")"
  done
done
for f in "$figure.png" "$figure.svg"; do printf '  %-36s %8s bytes\n' "$f" "$(stat -c %s "$f")"; done
echo "  (column meanings: $bin metrics)"

awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "\n[main] done in %.1f s\n", b - a }'
