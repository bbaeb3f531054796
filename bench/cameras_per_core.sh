#!/usr/bin/env bash
# Cameras per core, one command (on Debian 12, as root or with sudo):
#   bench/cameras_per_core.sh [cameras_per_core options]
# 1. installs what is missing (scripts/setup.sh --bench: the ffmpeg CLI among others),
# 2. builds camstream-server and cameras_per_core Release in build-bench/,
# 3. runs cameras_per_core: 640x480 JPEGs at 25 fps (a clean test pattern and a camera-like
#    noisy one), N cameras into ONE camstream-server pinned to core 1 (each watched by one
#    WebSocket viewer; or nobody watching, with and without pacing), and the seeds' pipeline
#    (one ffmpeg per camera) on the same core; the load generator runs on core 0. For each case
#    the largest N without a dropped frame, the CPU per frame there and resident memory per
#    camera. Options go to cameras_per_core (--help lists them), e.g. --cases watched-clean.
# Environment: SECONDS_PER_STEP (8), JOBS (nproc), SKIP_SETUP=1 (do not run setup/build),
# LOCK (a file: the build and the measuring run under `flock $LOCK`, so no build shares the
# cores). Run as root to give the measured processes priority (niceness -10) over other work.
# Measurements, not tests: nothing fails on a figure. About 6-12 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_STEP=${SECONDS_PER_STEP:-8}
JOBS=${JOBS:-$(nproc)}
locked=()
[[ -n "${LOCK:-}" ]] && locked=(flock "$LOCK")

if [[ "${SKIP_SETUP:-0}" != 1 ]]; then
  scripts/setup.sh --bench
  cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DCAMSTREAM_SANITIZE=OFF \
    -DCAMSTREAM_TESTS=OFF -DCAMSTREAM_BENCH=ON >/dev/null
  "${locked[@]}" cmake --build build-bench -j"$JOBS" --target camstream-server cameras_per_core
fi
if (($(nproc) < 2)); then
  echo "cameras_per_core: needs 2 cores (one measured, one for the load generator)" >&2
  exit 1
fi
nice=0
[[ $(id -u) == 0 ]] && nice=-10
echo "load before: $(cat /proc/loadavg)"
"${locked[@]}" build-bench/bench/cameras_per_core --seconds "$SECONDS_PER_STEP" --nice "$nice" \
  --server-log build-bench/cameras_per_core_server.log "$@"
echo "load after: $(cat /proc/loadavg)"
