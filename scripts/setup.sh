#!/usr/bin/env bash
# Installs what mutualab needs on Debian 12 (only the packages that are
# missing) and builds everything: the release preset (CLI, mutualab-gui,
# tests) and the wasm preset (the browser playground in build/wasm/site and
# mutualab-core.js for node). Dear ImGui's sources for the WASM build come
# from Debian's imgui source package; the browser test's npm packages from
# tests/web/package-lock.json.
#
#   bash scripts/setup.sh              # install what is missing, build everything
#   bash scripts/setup.sh mutualab     # only the CLI's packages, and build only the named native target(s)
#
# Runs as root with no standard input (CI). On a machine that already has
# every package it skips apt entirely. MUTUALAB_JOBS overrides the number of
# parallel build jobs (default: nproc).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] error: %s\n' "$*" >&2; exit 1; }

# Everything the build, the tests and the plot script use, from Debian.
PACKAGES=(
  cmake ninja-build g++ pkg-config            # toolchain
  libboost-random-dev libpcg-cpp-dev          # random streams and distributions
  nlohmann-json3-dev libcli11-dev catch2      # JSON, command line, tests
  libopenmpi-dev openmpi-bin                  # distributed sweeps and tournaments (mpirun)
  python3 python3-numpy python3-matplotlib    # experiments/plot_run.py
  musl-dev                                    # musl's exp/log/erfc natively too: same bits as WASM (cmake/portable_libm.cmake)
  libmuparser-dev                             # formula fee rules (the WASM build compiles its Debian sources)
  zlib1g-dev                                  # series.csv.gz of long runs
  pybind11-dev python3-dev python3-pandas     # the Python package (import mutualab)
  python3-nbclient python3-nbconvert python3-ipykernel  # the test suite executes examples/*.ipynb
)
# The playgrounds and their tests, only when building everything (no target named).
if (($# == 0)); then
  PACKAGES+=(
    libimgui-dev libglfw3-dev libgl-dev       # mutualab-gui (native playground)
    emscripten                                # the browser playground (WebAssembly)
    chromium xvfb xauth libgl1-mesa-dri       # browser test; mutualab-gui test under a virtual X server
  )
  command -v node >/dev/null 2>&1 || PACKAGES+=(nodejs)
  command -v npm >/dev/null 2>&1 || PACKAGES+=(npm)
fi

missing=()
for p in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [[ "$status" == installed ]] || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  say "all ${#PACKAGES[@]} Debian packages present; skipping apt"
else
  say "missing packages: ${missing[*]}"
  [[ $(id -u) -eq 0 ]] || die "installing packages needs root; run as root or install them yourself: apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  say "apt-get update"
  apt-get -o DPkg::Lock::Timeout=600 update -q </dev/null
  say "apt-get install ${missing[*]}"
  apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "${missing[@]}" </dev/null
  for p in "${missing[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
    [[ "$status" == installed ]] || die "package $p is still not installed after apt-get install"
  done
  say "packages installed"
fi

jobs=${MUTUALAB_JOBS:-$(nproc 2>/dev/null || echo 2)}
if (($# == 0)); then
  # The browser test's packages (playwright-core drives Debian's chromium; pngjs reads screenshots).
  if [[ ! -d tests/web/node_modules/playwright-core || tests/web/package-lock.json -nt tests/web/node_modules ]]; then
    say "npm ci (tests/web: playwright-core, pngjs)"
    (cd tests/web && npm ci --no-audit --no-fund --loglevel=error </dev/null)
  fi
  say "Dear ImGui and muparser sources for the WASM build"
  bash scripts/fetch_imgui_source.sh >/dev/null
  bash scripts/fetch_debian_source.sh muparser include/muParser.h src/muParser.cpp >/dev/null
fi
say "configuring (cmake --preset release)"
cmake --preset release >/dev/null
targets=()
for t in "$@"; do targets+=(--target "$t"); done
say "building (cmake --build --preset release -j$jobs${*:+ --target $*})"
start=$SECONDS
cmake --build --preset release -j"$jobs" "${targets[@]}"
say "build done in $((SECONDS - start)) s: $(pwd)/build/release"

if (($# == 0)); then
  export NODE_PATH=/usr/share/nodejs   # Emscripten 3.1.6 from Debian finds acorn there
  say "configuring the browser playground (cmake --preset wasm)"
  cmake --preset wasm >/dev/null
  start=$SECONDS
  say "building it (cmake --build --preset wasm -j$jobs)"
  cmake --build --preset wasm -j"$jobs"
  say "browser playground built in $((SECONDS - start)) s: $(pwd)/build/wasm/site (serve it: python3 -m http.server -d build/wasm/site)"
fi
