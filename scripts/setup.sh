#!/usr/bin/env bash
# Installs what mutualab needs on Debian 12 (only the packages that are
# missing) and builds the release preset (CLI + tests).
#
#   bash scripts/setup.sh              # install what is missing, build everything
#   bash scripts/setup.sh mutualab     # same, but build only the named target(s)
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
)

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
say "configuring (cmake --preset release)"
cmake --preset release >/dev/null
targets=()
for t in "$@"; do targets+=(--target "$t"); done
say "building (cmake --build --preset release -j$jobs${*:+ --target $*})"
start=$SECONDS
cmake --build --preset release -j"$jobs" "${targets[@]}"
say "build done in $((SECONDS - start)) s: $(pwd)/build/release"
