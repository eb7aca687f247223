#!/usr/bin/env bash
# Installs what is missing, builds a release of the app into dist/, and serves dist/ on
# 127.0.0.1 with a plain static file server (dist/ is static files: any server will do).
# PORT=9000 ./scripts/serve.sh to pick another port.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
trunk build --release
port="${PORT:-8080}"
echo
echo "Attune is at http://127.0.0.1:$port/  (Ctrl+C to stop)"
exec node e2e/static-server.mjs dist "$port"
