#!/usr/bin/env bash
# experiments/plot_batch.py draws a figure for a grid sweep over 3 parameters
# (small multiples), explicit cells alone (bars) and cells crossed with a grid
# of JSON values; honours --formats; refuses bad options with exit 2 and
# writes nothing then. Usage: plot_batch_test.sh MUTUALAB_BINARY SOURCE_DIR
set -euo pipefail
bin=$1 src=$2
py=/usr/bin/python3
[ -x "$py" ] || py=python3
if ! "$py" -c 'import matplotlib' 2>/dev/null; then
  echo "plot_batch_test: $py has no matplotlib (apt-get install python3-matplotlib, or scripts/setup.sh)"; exit 1
fi
plot="$py $src/experiments/plot_batch.py"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/three.json" <<JSON
{"name": "three", "scenario": "preset:akerlof-flat-fee", "reps": 2, "seed": 3, "set": ["sim/steps=40", "writers/count=40"],
 "grid": {"pool/feeRule/params/loading": [0, 0.5], "writers/theta/sd": [0.1, 0.2], "market/assets/0/volAnnual": [0.5, 0.9]}}
JSON
cat > "$work/cells.json" <<JSON
{"name": "cells", "scenario": "preset:akerlof-flat-fee", "reps": 2, "seed": 3, "set": ["sim/steps=40", "writers/count=40"],
 "cells": [{"label": "flat 20%", "set": {"pool/feeRule/name": "flat", "pool/feeRule/params/loading": 0.2}},
           {"label": "credibility k=5", "set": {"pool/feeRule/name": "credibility", "pool/feeRule/params/k": 5}}]}
JSON
cat > "$work/cells-grid.json" <<JSON
{"name": "cells-grid", "scenario": "preset:akerlof-flat-fee", "reps": 2, "seed": 3, "set": ["sim/steps=40", "writers/count=40"],
 "cells": [{"label": "flat", "set": {"pool/feeRule/name": "flat"}}, {"label": "risk-based", "set": {"pool/feeRule/name": "risk-based"}}],
 "grid": {"writers/theta": [{"mean": 0.4, "sd": 0.1}, {"mean": 0.5, "sd": 0.2}], "writers/count": [30, 40]}}
JSON
for s in three cells cells-grid; do
  "$bin" sweep "$work/$s.json" --out "$work/$s" --threads 1 --quiet --no-plot
  grep -q '"name": "'"$s"'"' "$work/$s/params.json"
  $plot "$work/$s" > /dev/null
  for f in figure.png figure.svg; do
    [ -s "$work/$s/$f" ] || { echo "no $f for the $s sweep"; exit 1; }
  done
  [ ! -e "$work/$s/figure.pdf" ] || { echo "a pdf nobody asked for ($s)"; exit 1; }
done
grep -q '^cell,label,' "$work/cells/sweep.csv"
# Options: chosen metrics and formats, a log axis where it fits.
rm "$work/three/figure.png" "$work/three/figure.svg"
$plot "$work/three" --metrics lp_return_mean,lp_cvar5 --formats pdf,png > /dev/null
[ -s "$work/three/figure.pdf" ] && [ -s "$work/three/figure.png" ] && [ ! -e "$work/three/figure.svg" ]
$plot "$work/cells-grid" --log-x --formats svg > /dev/null
$plot "$work/three" --log-x --formats png > /dev/null  # x: the volatility, all positive
# Bad input: exit 2, a message naming the option, no figure written.
expect_refusal() {
  local words=$1 dir=$2; shift
  rm -f "$dir/figure."*
  set +e
  out=$($plot "$@" 2>&1 >/dev/null)
  rc=$?
  set -e
  [ "$rc" -eq 2 ] || { echo "expected exit 2 for '$*', got $rc: $out"; exit 1; }
  grep -qF -- "$words" <<<"$out" || { echo "expected '$words' in: $out"; exit 1; }
  if ls "$dir/figure."* >/dev/null 2>&1; then echo "a figure was written for '$*'"; exit 1; fi
}
expect_refusal "no metric 'nope'" "$work/three" --metrics nope
expect_refusal "--formats" "$work/three" --formats gif
expect_refusal "--log-x: explicit cells without a grid" "$work/cells" --log-x
expect_refusal "--log-y: metric 'pool_default_probability'" "$work/three" --log-y --metrics pool_default_probability  # 0: no pool defaults in 40 steps
expect_refusal "holds neither" "$work"
$plot --help | grep -q -- "--metrics"
# The same results draw the same bytes: SVG ids come from a fixed salt, not
# a random one (a sweep's figure, and `mutualab risk`'s, drawn under --quiet).
$plot "$work/three" > /dev/null
cp "$work/three/figure.svg" "$work/three-first.svg"
$plot "$work/three" > /dev/null
cmp -s "$work/three/figure.svg" "$work/three-first.svg" || { echo "a sweep's figure.svg differs when drawn again"; exit 1; }
for r in risk-a risk-b; do
  "$bin" risk --positions 10 --samples 2000 --horizon-days 2 --threads 1 --quiet --out "$work/$r"
  [ -s "$work/$r/figure.svg" ] || { echo "risk --quiet drew no figure"; exit 1; }
done
cmp -s "$work/risk-a/figure.svg" "$work/risk-b/figure.svg" || { echo "risk's figure.svg differs between two identical runs"; exit 1; }
# A baseline: the paired figure beside the sweep's, drawn by the command itself; gone with the baseline.
sed 's/"name": "cells-grid",/"name": "cells-grid", "baseline": "flat",/' "$work/cells-grid.json" > "$work/paired.json"
out=$("$bin" sweep "$work/paired.json" --out "$work/paired" --threads 1)
grep -qF "figure: $work/paired/figure.png  $work/paired/figure.svg  $work/paired/paired.png  $work/paired/paired.svg" <<<"$out" ||
  { echo "the sweep did not report its paired figure: $out"; exit 1; }
[ -s "$work/paired/paired.png" ] && [ -s "$work/paired/paired.svg" ] || { echo "no paired figure"; exit 1; }
$plot "$work/paired" --metrics welfare_lps --formats pdf > /dev/null
[ -s "$work/paired/paired.pdf" ] || { echo "no paired.pdf for --formats pdf"; exit 1; }
"$bin" sweep "$work/cells-grid.json" --out "$work/paired" --threads 1 --quiet --no-plot
if ls "$work/paired/paired."* >/dev/null 2>&1; then echo "paired files left after a run without a baseline"; exit 1; fi
echo "plot_batch.py: 3-parameter grid, explicit cells and cells x JSON grid drawn; options and refusals checked; figures reproducible; the paired figure"
