#!/usr/bin/env bash
# Puts Dear ImGui's sources (Debian's `imgui` source package, the same 1.86
# as the native libimgui-dev) into build/_deps/imgui for the WebAssembly
# build. Debian ships ImGui to native code only as a static library, so emcc
# must compile the sources itself; they are fetched here, never committed.
#
#   bash scripts/fetch_imgui_source.sh     # prints the source folder
#
# Needs root the first time (adds a deb-src entry and runs apt-get update).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
dest=build/_deps/imgui
say() { printf '[imgui-src] %s\n' "$*" >&2; }
die() { printf '[imgui-src] error: %s\n' "$*" >&2; exit 1; }

if [[ -f $dest/imgui.cpp && -f $dest/backends/imgui_impl_opengl3.cpp ]]; then
  echo "$(pwd)/$dest"; exit 0
fi

src_list=/etc/apt/sources.list.d/mutualab-deb-src.sources
if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ /etc/apt/sources.list 2>/dev/null; then
  [[ $(id -u) -eq 0 ]] || die "needs root once to add a deb-src entry ($src_list); or put imgui 1.86 sources in $dest yourself"
  base=/etc/apt/sources.list.d/debian.sources
  [[ -f $base ]] || die "$base not found: add a deb-src line for Debian bookworm main yourself"
  say "adding deb-src entries ($src_list)"
  sed 's/^Types: *deb$/Types: deb-src/' "$base" > "$src_list"
  apt-get -o DPkg::Lock::Timeout=600 update -q </dev/null >&2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
say "apt-get source --download-only imgui"
(cd "$tmp" && apt-get source --download-only imgui </dev/null >&2) \
  || die "apt-get source imgui failed (is there a deb-src entry and did apt-get update run?)"
orig=$(ls "$tmp"/imgui_*.orig.tar.* 2>/dev/null | head -1)
[[ -n $orig ]] || die "no imgui_*.orig.tar.* in the downloaded source package"
mkdir -p "$tmp/x"
tar -xf "$orig" -C "$tmp/x"
top=$(dirname "$(find "$tmp/x" -name imgui.cpp -not -path '*/backends/*' | head -1)")
[[ -f $top/imgui.cpp && -f $top/backends/imgui_impl_glfw.cpp ]] || die "unexpected layout in $(basename "$orig")"
rm -rf "$dest"; mkdir -p "$(dirname "$dest")"
cp -r "$top" "$dest"
say "ImGui sources from $(basename "$orig") in $dest"
echo "$(pwd)/$dest"
