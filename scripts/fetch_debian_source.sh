#!/usr/bin/env bash
# Puts the sources of a Debian source package into build/_deps/PACKAGE, for
# libraries Debian ships to native code only as compiled libraries, which
# emcc must compile itself (Dear ImGui, muparser): the upstream sources of the
# same version as the native package (Debian patches neither library's code),
# fetched at setup, never committed. FILES are paths inside the package's top
# folder that must be there (the first one locates it).
#
#   bash scripts/fetch_debian_source.sh muparser include/muParser.h src/muParser.cpp
#
# Prints the source folder. Needs root the first time (adds a deb-src entry
# and runs apt-get update).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
(($# >= 2)) || { echo "usage: bash scripts/fetch_debian_source.sh PACKAGE FILE..." >&2; exit 2; }
pkg=$1; shift
dest=build/_deps/$pkg
say() { printf '[%s-src] %s\n' "$pkg" "$*" >&2; }
die() { printf '[%s-src] error: %s\n' "$pkg" "$*" >&2; exit 1; }

have=1
for f in "$@"; do [[ -f $dest/$f ]] || have=0; done
if ((have)); then echo "$(pwd)/$dest"; exit 0; fi

src_list=/etc/apt/sources.list.d/mutualab-deb-src.sources
if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ /etc/apt/sources.list 2>/dev/null; then
  [[ $(id -u) -eq 0 ]] || die "needs root once to add a deb-src entry ($src_list); or put the $pkg sources in $dest yourself"
  base=/etc/apt/sources.list.d/debian.sources
  [[ -f $base ]] || die "$base not found: add a deb-src line for Debian bookworm main yourself"
  say "adding deb-src entries ($src_list)"
  sed 's/^Types: *deb$/Types: deb-src/' "$base" > "$src_list"
  apt-get -o DPkg::Lock::Timeout=600 update -q </dev/null >&2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
say "apt-get source --download-only $pkg"
(cd "$tmp" && apt-get source --download-only "$pkg" </dev/null >&2) \
  || die "apt-get source $pkg failed (is there a deb-src entry and did apt-get update run?)"
orig=$(ls "$tmp"/"${pkg}"_*.orig.tar.* 2>/dev/null | head -1)
[[ -n $orig ]] || die "no ${pkg}_*.orig.tar.* in the downloaded source package"
mkdir -p "$tmp/x"
tar -xf "$orig" -C "$tmp/x"
first=$(find "$tmp/x" -path "*/$1" | head -1)
[[ -n $first ]] || die "no $1 in $(basename "$orig")"
top=${first%/"$1"}
for f in "$@"; do [[ -f $top/$f ]] || die "unexpected layout in $(basename "$orig"): no $f"; done
rm -rf "$dest"; mkdir -p "$(dirname "$dest")"
cp -r "$top" "$dest"
say "$pkg sources from $(basename "$orig") in $dest"
echo "$(pwd)/$dest"
