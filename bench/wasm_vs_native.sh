#!/usr/bin/env bash
# WebAssembly vs native speed of the playground's simulation, one thread each:
# the same program (web/core_main.cpp) built natively (build/release) and with
# Emscripten (build/wasm, run under node), timing whole replications.
# Also prints the size of the browser build's files.
#
#   bash bench/wasm_vs_native.sh [REPS]      (after bash scripts/setup.sh)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
reps=${1:-16}
# MUTUALAB_NATIVE_CORE picks another native build, e.g. build/kernel-sse2/web/mutualab-core
# (bench/kernel_width.sh builds it) to compare with a kernel as wide as WebAssembly's.
native=${MUTUALAB_NATIVE_CORE:-build/release/web/mutualab-core}
wasm=build/wasm/web/mutualab-core.js
for f in "$native" "$wasm"; do [[ -f $f ]] || { echo "error: $f missing: run bash scripts/setup.sh" >&2; exit 2; }; done
export NODE_PATH=/usr/share/nodejs
isa=$("$native" bench preset:akerlof-flat-fee --reps 1 | sed -E 's/.*"kernel_isa": "([a-z0-9]+)".*/\1/')
echo "native: $native (pricing kernel: $isa); WebAssembly's kernel: simd128, two double lanes"
printf '%-44s %12s %12s %8s\n' "scenario (replications of 365 steps)" "native ms/rep" "wasm ms/rep" "ratio"
run() {  # label, args...
  local label=$1; shift
  local n w
  n=$("$native" bench "$@" --reps "$reps" | sed -E 's/.*"ms_per_rep": ([0-9.]+).*/\1/')
  w=$(node --no-experimental-fetch "$wasm" bench "$@" --reps "$reps" | sed -E 's/.*"ms_per_rep": ([0-9.]+).*/\1/')
  printf '%-44s %12.2f %12.2f %7.2fx\n' "$label" "$n" "$w" "$(awk -v a="$w" -v b="$n" 'BEGIN { print a / b }')"
}
run "akerlof-flat-fee, 200 writers, 30 LPs" preset:akerlof-flat-fee --seed 1
run "akerlof-flat-fee, 1000 writers, 200 LPs" preset:akerlof-flat-fee --seed 1 --set writers/count=1000 --set lps/count=200
run "learning-writers-flat, 1000 writers, 200 LPs" preset:learning-writers-flat --seed 1 --set writers/count=1000 --set lps/count=200
run "lp-run, 1000 writers, 200 LPs" preset:lp-run --seed 1 --set writers/count=1000 --set lps/count=200
echo
ls -l build/wasm/site | awk 'NR > 1 { printf "%-28s %9d bytes\n", $9, $5 }'
if command -v gzip >/dev/null; then
  printf '%-28s %9d bytes gzipped\n' mutualab-playground.wasm "$(gzip -9c build/wasm/site/mutualab-playground.wasm | wc -c)"
fi
