#!/usr/bin/env bash
# The documented install, `cmake --install BUILD --component python`, into a
# staging root (DESTDIR): the installed package imports from there alone and
# runs a scenario.
#   bash tests/python/install_test.sh BUILD_DIR PYTHON
set -euo pipefail
build=$1 python=$2
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
DESTDIR=$stage cmake --install "$build" --component python >/dev/null
site=$(sed -n 's/^MUTUALAB_PYTHON_SITE:PATH=//p' "$build/CMakeCache.txt")
[[ -f "$stage$site/mutualab/__init__.py" ]] || { echo "FAIL: nothing installed in $stage$site/mutualab"; exit 1; }
cd "$stage"
PYTHONPATH="$stage$site" PYTHONNOUSERSITE=1 "$python" - "$stage$site" <<'PY'
import sys, mutualab
assert mutualab.__file__.startswith(sys.argv[1]), mutualab.__file__
r = mutualab.run("preset:akerlof-flat-fee", reps=2, set={"sim/steps": 30})
assert len(r.series) == 2 * 31, len(r.series)
print("installed mutualab", mutualab.__version__, "runs from", mutualab.__file__)
PY
