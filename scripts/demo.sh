#!/usr/bin/env bash
# Sets up, builds, and runs camstream-server with one mock camera; prints the URL to open.
# Ctrl-C stops both. Flags after the script go to the server (e.g. --port 9090).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DCAMSTREAM_TESTS=OFF -DCAMSTREAM_BENCH=OFF >/dev/null
cmake --build build -j"$(nproc)" --target camstream-server mock-camera

port=8080
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  [[ "${args[$i]}" == "--port" ]] && port="${args[$((i + 1))]}"
done

camera=""
build/apps/camstream-server "$@" &
server=$!
trap 'kill $camera $server 2>/dev/null; wait 2>/dev/null' EXIT INT TERM
sleep 0.5
kill -0 "$server" 2>/dev/null || { echo "demo: the server did not start (see above)"; exit 1; }
# The camera logs only problems here, so the URL below stays in view.
build/apps/mock-camera --host 127.0.0.1 --port "$port" --log-level warn &
camera=$!
echo
echo "demo: open http://127.0.0.1:${port}/ in a browser (Ctrl-C to stop)"
wait "$server"
