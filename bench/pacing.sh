#!/usr/bin/env bash
# What pacing and transcoding on demand save, one command (on Debian 12, as root or with sudo):
#   bench/pacing.sh    (SKIP_SETUP=1: no setup or build)
# 1. installs what is missing (scripts/setup.sh --bench, which includes python3-websockets),
# 2. builds camstream-server and mock-camera Release in build-bench/,
# 3. an unwatched mock camera at 25 fps, SECONDS_EACH (30) seconds with pacing and without:
#    frames and bytes it sent per minute (the server counts them),
# 4. join -> first fragment for a viewer of a camera nobody watched (encoder released: the
#    cached JPEG is encoded at once) and of one already watched (the next frame is made a
#    keyframe), JOINS (15) joins each: p50 / p95 / max.
# Measurements, not tests: nothing fails on a figure.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${SECONDS_EACH:-30}
JOINS=${JOINS:-15}
JOBS=${JOBS:-$(nproc)}

if [[ "${SKIP_SETUP:-0}" != 1 ]]; then  # bench/run.sh has done both
  scripts/setup.sh --bench
  cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DCAMSTREAM_SANITIZE=OFF \
    -DCAMSTREAM_TESTS=OFF -DCAMSTREAM_BENCH=ON >/dev/null
  cmake --build build-bench -j"$JOBS" --target camstream-server mock-camera
fi
server_bin=build-bench/apps/camstream-server
camera_bin=build-bench/apps/mock-camera
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Starts a server (extra flags in "$@") and sets $port.
start_server() {
  "$server_bin" --port 0 --camera-port -1 "$@" >"$work/server.out" 2>"$work/server.err" &
  pids+=($!)
  for _ in $(seq 100); do grep -q "http=" "$work/server.out" && break; sleep 0.1; done
  port=$(sed -n 's/.*http=\([0-9]*\).*/\1/p' "$work/server.out")
}
stop_all() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  pids=()
}

echo "== an unwatched camera at 25 fps, ${SECONDS_EACH} s each"
for mode in on off; do
  start_server
  flags=()
  [[ $mode == off ]] && flags=(--no-pacing)
  "$camera_bin" --port "$port" --id cam --fps 25 "${flags[@]}" >"$work/camera.log" 2>&1 &
  pids+=($!)
  sleep 3
  /usr/bin/python3 bench/pacing_figures.py traffic "$port" "$SECONDS_EACH" "pacing $mode"
  stop_all
done

echo
echo "== join -> first fragment (mock camera at 25 fps, pacing on, --encoder-linger 0.3)"
start_server --encoder-linger 0.3
"$camera_bin" --port "$port" --id cam --fps 25 >"$work/camera.log" 2>&1 &
pids+=($!)
sleep 3
/usr/bin/python3 bench/pacing_figures.py join "$port" "$JOINS"
