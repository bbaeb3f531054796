#!/usr/bin/env bash
# Sets up, builds, and runs camstream-server with three mock cameras (CAMERAS=N for another
# number); prints the URL to open. Ctrl-C stops them all. Flags after the script go to the
# server (e.g. --port 9090).
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

cameras=()
build/apps/camstream-server "$@" &
server=$!
trap 'kill "${cameras[@]}" $server 2>/dev/null; wait 2>/dev/null' EXIT INT TERM
sleep 0.5
kill -0 "$server" 2>/dev/null || { echo "demo: the server did not start (see above)"; exit 1; }
# The cameras log only problems here, so the URL below stays in view.
for ((n = 1; n <= ${CAMERAS:-3}; n++)); do
  build/apps/mock-camera --host 127.0.0.1 --port "$port" --id "cam-$n" --log-level warn &
  cameras+=($!)
done
echo
echo "demo: open http://127.0.0.1:${port}/ in a browser (Ctrl-C to stop)"
wait "$server"
