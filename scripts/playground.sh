#!/usr/bin/env bash
# Serves the browser playground on this machine: builds it if needed (through
# scripts/setup.sh), then serves build/wasm/site on 127.0.0.1 and prints the
# link to open. Any static file server can host that folder; this one is
# Python's, from Debian.
#
#   bash scripts/playground.sh            # http://127.0.0.1:8000/
#   PORT=9000 bash scripts/playground.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
site=build/wasm/site
port=${PORT:-8000}
[[ $port =~ ^[0-9]+$ ]] && ((port >= 1 && port <= 65535)) || { echo "error: PORT must be a number from 1 to 65535, found '$port'" >&2; exit 2; }
if [[ ! -f $site/mutualab-playground.wasm ]]; then
  echo "[playground] $site is not built yet: running scripts/setup.sh (a few minutes the first time)"
  bash scripts/setup.sh
fi
echo "[playground] open http://127.0.0.1:$port/   (a shared link works too: http://127.0.0.1:$port/#preset=lp-run&seed=3)"
echo "[playground] the desktop version: build/release/mutualab-gui    stop the server: Ctrl+C"
exec python3 -m http.server "$port" --bind 127.0.0.1 --directory "$site"
