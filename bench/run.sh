#!/usr/bin/env bash
# Benchmarks, one command (on Debian 12, as root or a user with sudo):
#   bench/run.sh                 quick: every part, short runs (about 15 minutes on 2 cores)
#   bench/run.sh --full          longer runs, more repetitions (about 35 minutes)
#   PARTS="pipeline cameras" bench/run.sh    only those parts
# Parts:
#   media      media_bench: per-stage CPU (JPEG decode, H.264 encode, fMP4), warm caches
#   pipeline   pipeline_bench: one watched camera, the camstream-server process against the bare
#              decode+encode in process, and ffmpeg (go2rtc's arguments, camstream's settings),
#              interleaved runs, medians and ratios
#   cameras    bench/cameras_per_core.sh: the largest N of 25 fps cameras one core carries
#              without drops (watched, clean and noisy; the seeds' ffmpeg per camera; unwatched
#              with pacing off and on) and resident memory per camera
#   pacing     bench/pacing.sh: bytes per minute of an unwatched camera with pacing on and off,
#              join -> first fragment for an unwatched and a watched camera
# It installs what is missing (scripts/setup.sh --bench), builds Release without sanitizers in
# build-bench/, runs the parts, keeps the whole output in build-bench/bench-run.log and ends
# with every figure beside its goal (bench/goals.py). Environment: PARTS, JOBS (build),
# LOCK (a file: builds and measurements run under `flock $LOCK`, so no build shares the cores),
# BUILD_LOCK (a file only the build takes).
# The timings are measurements, not tests: nothing here fails on a slow figure.
set -euo pipefail
cd "$(dirname "$0")/.."

full=0
[[ "${1:-}" == --full ]] && full=1
PARTS=${PARTS:-media pipeline cameras pacing}
JOBS=${JOBS:-$(nproc)}
locked=()
[[ -n "${LOCK:-}" ]] && locked=(flock "$LOCK")
build_locked=("${locked[@]}")
[[ -n "${BUILD_LOCK:-}" ]] && build_locked=(flock "$BUILD_LOCK")
if ((full)); then
  FRAMES=${FRAMES:-300} RUNS=${RUNS:-5} STEP_SECONDS=${STEP_SECONDS:-8} RETRIES=${RETRIES:-1}
  PACING_SECONDS=${PACING_SECONDS:-30} JOINS=${JOINS:-15}
else
  FRAMES=${FRAMES:-250} RUNS=${RUNS:-3} STEP_SECONDS=${STEP_SECONDS:-5} RETRIES=${RETRIES:-1}
  PACING_SECONDS=${PACING_SECONDS:-15} JOINS=${JOINS:-10}
fi
log=build-bench/bench-run.log
start=$SECONDS
has() { [[ " $PARTS " == *" $1 "* ]]; }

scripts/setup.sh --bench
echo "bench: building build-bench/ (Release, no sanitizers)"
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DCAMSTREAM_SANITIZE=OFF \
  -DCAMSTREAM_TESTS=OFF -DCAMSTREAM_BENCH=ON >/dev/null
"${build_locked[@]}" cmake --build build-bench -j"$JOBS" --target media_bench pipeline_bench \
  cameras_per_core camstream-server mock-camera

{
  echo "bench/run.sh $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD)$(
    git diff --quiet HEAD -- src apps bench 2>/dev/null || echo ' + uncommitted changes')"
  echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, kernel $(uname -r)," \
    "Debian $(cat /etc/debian_version), $(ffmpeg -version | head -1 | cut -d' ' -f1-3)," \
    "x264 $(dpkg-query -W -f='${Version}\n' 'libx264-[0-9]*' 2>/dev/null | head -1)"
  echo "parts: $PARTS; load before: $(cat /proc/loadavg)"

  if has media; then
    echo
    echo "== media_bench: one 640x480 q80 frame per iteration, median of 5 repetitions (warm caches)"
    "${locked[@]}" build-bench/bench/media_bench --benchmark_repetitions=5 \
      --benchmark_min_time=0.2 --benchmark_report_aggregates_only=true 2>/dev/null |
      awk '/^Benchmark|^-+$/ || /_median/'
  fi
  if has pipeline; then
    echo
    echo "== pipeline_bench (load before: $(cat /proc/loadavg))"
    "${locked[@]}" build-bench/bench/pipeline_bench --frames "$FRAMES" --fps 25 --runs "$RUNS" \
      --server-log build-bench/pipeline_bench_server.log
    echo "(load after: $(cat /proc/loadavg))"
  fi
  if has cameras; then
    echo
    echo "== cameras per core"
    SKIP_SETUP=1 SECONDS_PER_STEP=$STEP_SECONDS bench/cameras_per_core.sh --retries "$RETRIES"
  fi
  if has pacing; then
    echo
    echo "== pacing (load before: $(cat /proc/loadavg))"
    SKIP_SETUP=1 SECONDS_EACH=$PACING_SECONDS JOINS=$JOINS bench/pacing.sh
    echo "(load after: $(cat /proc/loadavg))"
  fi
  echo
  echo "bench: done in $((SECONDS - start)) s; load after: $(cat /proc/loadavg)"
} 2>&1 | tee "$log"

echo
echo "== every figure beside its goal (from $log)"
/usr/bin/python3 bench/goals.py "$log" | tee -a "$log"
