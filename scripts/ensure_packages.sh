#!/usr/bin/env bash
# Installs those of the named Debian packages that are missing, as
# scripts/setup.sh does for the main build: nothing (no apt-get at all) when
# all are there; otherwise apt-get update + install, as root, with no
# standard input (CI), waiting up to 10 minutes for another apt to finish.
#
#   bash scripts/ensure_packages.sh clang-14 libclang-rt-14-dev libfuzzer-14-dev
set -euo pipefail

say() { printf '[packages] %s\n' "$*"; }
die() { printf '[packages] error: %s\n' "$*" >&2; exit 1; }

(($# > 0)) || die "usage: bash scripts/ensure_packages.sh PACKAGE..."
installed() { [[ $(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true) == installed ]]; }

missing=()
for p in "$@"; do installed "$p" || missing+=("$p"); done
((${#missing[@]} == 0)) && exit 0

say "missing packages: ${missing[*]}"
[[ $(id -u) -eq 0 ]] || die "installing packages needs root; run as root or install them yourself: apt-get install ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=600 update -q </dev/null
apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "${missing[@]}" </dev/null
for p in "${missing[@]}"; do installed "$p" || die "package $p is still not installed after apt-get install"; done
say "installed ${missing[*]}"
