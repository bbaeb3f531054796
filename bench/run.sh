#!/usr/bin/env bash
# Benchmarks, one command (on Debian 12, as root or a user with sudo):
#   bench/run.sh
# 1. installs what is missing (scripts/setup.sh's packages, Google Benchmark, the ffmpeg CLI),
# 2. builds a Release build without sanitizers in build-bench/ (only what the benchmarks need),
# 3. runs media_bench (per-stage cost, medians of 5 repetitions),
# 4. runs pipeline_bench: the same 640x480 camera JPEGs through the camstream-server process and
#    through ffmpeg subprocesses (go2rtc's arguments; camstream's x264 settings), interleaved,
#    and prints medians and the ratios ffmpeg / camstream-server.
# Environment: FRAMES (300), FPS (30), RUNS (5) for pipeline_bench; JOBS for the build.
# The timings are measurements, not tests: nothing here fails on a slow figure.
set -euo pipefail
cd "$(dirname "$0")/.."

start=$SECONDS
FRAMES=${FRAMES:-300}
FPS=${FPS:-30}
RUNS=${RUNS:-5}
JOBS=${JOBS:-$(nproc)}

scripts/setup.sh --bench

echo "bench: building build-bench/ (Release, no sanitizers)"
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DCAMSTREAM_SANITIZE=OFF \
  -DCAMSTREAM_TESTS=OFF -DCAMSTREAM_BENCH=ON >/dev/null
cmake --build build-bench -j"$JOBS" --target media_bench pipeline_bench

echo
echo "== media_bench: one 640x480 q80 frame per iteration, median of 5 repetitions (per-stage CPU, warm caches)"
build-bench/bench/media_bench --benchmark_repetitions=5 --benchmark_min_time=0.2 \
  --benchmark_report_aggregates_only=true 2>/dev/null |
  awk '/^Benchmark|^-+$/ || /_median/'

echo
echo "== pipeline_bench"
build-bench/bench/pipeline_bench --frames "$FRAMES" --fps "$FPS" --runs "$RUNS" \
  --server-log build-bench/pipeline_bench_server.log

echo
echo "bench: done in $((SECONDS - start)) s ($(nproc) cores, $(uptime | sed 's/.*load average/load average/'))"
