#!/usr/bin/env bash
# experiments/plot_run.py draws the comparison figure of two runs with 95%
# ribbons from their series.csv (.gz too) when the mutualab Python package is
# importable, says so and draws plain lines when it is not, and refuses a
# folder that is not a run with exit 2. The figure is kept in OUT_DIR to be
# looked at. Usage: plot_run_test.sh MUTUALAB_BINARY SOURCE_DIR PYTHONPATH OUT_DIR
set -euo pipefail
bin=$1 src=$2 pypath=$3 out=$4
py=/usr/bin/python3
[ -x "$py" ] || py=python3
"$py" -c 'import matplotlib' 2>/dev/null || { echo "plot_run_test: $py has no matplotlib (scripts/setup.sh installs it)"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
"$bin" run preset:akerlof-flat-fee --reps 6 --set sim/steps=120 --out "$work/flat" --quiet
"$bin" run preset:risk-based-fee --reps 6 --set sim/steps=120 --series gz --out "$work/rb" --quiet
[ -s "$work/rb/series.csv.gz" ] && [ ! -e "$work/rb/series.csv" ] || { echo "FAIL: --series gz did not write series.csv.gz alone"; exit 1; }
PYTHONPATH=$pypath "$py" "$src/experiments/plot_run.py" "$out/ribbons" "$work/flat" "$work/rb" > "$work/log" 2>&1
grep -q "wrote $out/ribbons.png" "$work/log" || { cat "$work/log"; echo "FAIL: no figure"; exit 1; }
grep -q "ribbons in (a), (c), (d)" "$out/ribbons.svg" || { echo "FAIL: the figure does not say it draws ribbons"; exit 1; }
! grep -q "note: no 95% ribbons" "$work/log" || { cat "$work/log"; echo "FAIL: ribbons were not drawn"; exit 1; }
# Without the package: plain lines, and a note saying how to get ribbons.
PYTHONPATH= PYTHONNOUSERSITE=1 "$py" "$src/experiments/plot_run.py" "$work/plain" "$work/flat" > "$work/log2" 2>&1
grep -q "note: no 95% ribbons: the mutualab Python package is not importable" "$work/log2" || { cat "$work/log2"; echo "FAIL: no note"; exit 1; }
[ -s "$work/plain.png" ] || { echo "FAIL: no plain figure"; exit 1; }
! grep -q "ribbons in" "$work/plain.svg" || { echo "FAIL: the plain figure claims ribbons"; exit 1; }
# A folder that is not a run: exit 2, nothing written.
mkdir "$work/empty"
set +e
PYTHONPATH=$pypath "$py" "$src/experiments/plot_run.py" "$work/bad" "$work/empty" > "$work/log3" 2>&1
code=$?
set -e
[ "$code" = 2 ] && grep -q "missing file" "$work/log3" && [ ! -e "$work/bad.png" ] || { cat "$work/log3"; echo "FAIL: bad folder gave exit $code"; exit 1; }
echo "ok: plot_run.py ribbons from series.csv and series.csv.gz, plain lines without the package, exit 2 on a bad folder"
