#!/usr/bin/env bash
# Server CPU per camera frame as consumers are added: an older commit's camstream-server
# against a newer one's, side by side in one run (on Debian 12, as root or with sudo):
#   bench/consumers.sh [OLD [NEW]]    # OLD defaults to 35a0490 (main before the shared-bytes
#                                     # hub), NEW to HEAD; NEW=worktree builds the work tree
# 1. installs what is missing (scripts/setup.sh --bench),
# 2. exports each commit with `git archive` (no worktree; the work tree is not touched, and
#    edits in progress there do not leak into the measurement) into build-bench/<name>-<sha>/
#    (ignored by git; $OLD_DIR overrides the old one's place) and builds its camstream-server
#    Release, without tests or benchmarks, in <that>/build,
# 3. builds consumers_bench Release in build-bench/ (from the work tree),
# 4. runs consumers_bench: one camera at $FPS fps, $FRAMES JPEGs per run, 1, 10 and 100
#    WebSocket viewers on both servers, 100 viewers + LL-HLS + MJPEG on the new one,
#    $RUNS interleaved runs each, then MJPEG to a slow client on the new one; prints a table.
# Environment: FRAMES (300), FPS (25), RUNS (3), SLOW_SECONDS (40), OLD_DIR, JOBS (nproc),
# LOCK (a file: builds, and the measuring, run under `flock $LOCK` so no build shares the cores).
# About 9 minutes after the builds on 2 cores. Measurements, not tests: nothing fails on a figure.
set -euo pipefail
cd "$(dirname "$0")/.."

start=$SECONDS
old_arg=${1:-35a0490}
new_arg=${2:-HEAD}
FRAMES=${FRAMES:-300}
FPS=${FPS:-25}
RUNS=${RUNS:-3}
SLOW_SECONDS=${SLOW_SECONDS:-40}
JOBS=${JOBS:-$(nproc)}
locked=()
[[ -n "${LOCK:-}" ]] && locked=(flock "$LOCK")

scripts/setup.sh --bench

# Exports commit $1 into directory $2 (once) and builds its camstream-server there.
build_commit() {
  local commit=$1 dir=$2
  if [[ "$(cat "$dir/.exported-commit" 2>/dev/null)" != "$commit" ]]; then
    echo "bench: exporting ${commit:0:7} into $dir"
    rm -rf "$dir"
    mkdir -p "$dir"
    git archive "$commit" | tar -x -C "$dir"
    echo "$commit" >"$dir/.exported-commit"
  fi
  echo "bench: building $dir/build (${commit:0:7}, Release)"
  "${locked[@]}" cmake -S "$dir" -B "$dir/build" -DCMAKE_BUILD_TYPE=Release \
    -DCAMSTREAM_SANITIZE=OFF -DCAMSTREAM_TESTS=OFF -DCAMSTREAM_BENCH=OFF >/dev/null
  "${locked[@]}" cmake --build "$dir/build" -j"$JOBS" --target camstream-server
}

old=$(git rev-parse --verify "$old_arg^{commit}")
OLD_DIR=${OLD_DIR:-build-bench/old-${old:0:7}}
build_commit "$old" "$OLD_DIR"
old_bin=$OLD_DIR/build/apps/camstream-server

echo "bench: building build-bench/ (work tree, Release): consumers_bench"
"${locked[@]}" cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DCAMSTREAM_SANITIZE=OFF \
  -DCAMSTREAM_TESTS=OFF -DCAMSTREAM_BENCH=ON >/dev/null
if [[ "$new_arg" == worktree ]]; then
  "${locked[@]}" cmake --build build-bench -j"$JOBS" --target camstream-server consumers_bench
  new_bin=build-bench/apps/camstream-server
  new_name="work tree ($(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src apps || echo ' + uncommitted changes'))"
else
  "${locked[@]}" cmake --build build-bench -j"$JOBS" --target consumers_bench
  new=$(git rev-parse --verify "$new_arg^{commit}")
  build_commit "$new" "build-bench/new-${new:0:7}"
  new_bin=build-bench/new-${new:0:7}/build/apps/camstream-server
  new_name=${new:0:7}
fi

echo
echo "== consumers_bench: old = ${old:0:7}, new = $new_name, $(nproc) cores"
"${locked[@]}" build-bench/bench/consumers_bench --old "$old_bin" --new "$new_bin" \
  --old-name "old" --new-name "new" --frames "$FRAMES" --fps "$FPS" --runs "$RUNS" \
  --slow-seconds "$SLOW_SECONDS" --server-log build-bench/consumers_bench_server.log

echo
echo "bench: done in $((SECONDS - start)) s ($(nproc) cores, $(uptime | sed 's/.*load average/load average/'))"
