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
exec bash "$(dirname "${BASH_SOURCE[0]}")/fetch_debian_source.sh" imgui imgui.cpp backends/imgui_impl_glfw.cpp \
  backends/imgui_impl_opengl3.cpp
