#!/usr/bin/env bash
# Sets up, builds and runs every test; this is what CI runs, within its 30 minutes on two cores.
#  1. build-test/: clang with AddressSanitizer + UndefinedBehaviorSanitizer and libFuzzer's
#     coverage instrumentation. ctest runs the unit, integration (real processes on loopback),
#     browser (Chromium, Firefox, WebKit) and install tests, every fuzz target for ~15 s over its
#     corpus and crash reproducers, and the 2-minute soak.
#  2. build-tsan/: clang with ThreadSanitizer: the hub, server and integration tests again.
# clang, not gcc: it compiles this code about twice as fast, and libFuzzer needs it anyway.
# Line tables are all the debug information a sanitizer's report needs.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test

# configure DIR CMAKE_ARGS...: a tree configured with another compiler is started afresh.
configure() {
  local dir="$1"
  shift
  if [[ -f "$dir/CMakeCache.txt" ]] && ! grep -q '^CMAKE_CXX_COMPILER:[A-Z]*=.*clang++' \
      "$dir/CMakeCache.txt"; then
    rm -rf "$dir"
  fi
  CC=clang CXX=clang++ cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Debug -DCAMSTREAM_BENCH=OFF "$@" \
    >/dev/null
}

configure build-test -DCAMSTREAM_SANITIZE=ON -DCAMSTREAM_FUZZ=ON \
  -DCMAKE_CXX_FLAGS_DEBUG=-gline-tables-only -DCMAKE_C_FLAGS_DEBUG=-gline-tables-only
cmake --build build-test -j"$(nproc)"

# The ThreadSanitizer tree (only the targets its tests need, unoptimised: half the compile
# time of -O1, and the tests wait on sockets far more than they compute) is built while the
# tests below run, at the lowest priority in a session of its own (where the kernel groups
# processes by session, nice only orders processes within one): the tests leave about 40 % of
# the CPU idle, waiting on sockets and browsers, and the build takes only that.
configure build-tsan -DCAMSTREAM_TSAN=ON -DCMAKE_CXX_FLAGS_DEBUG=-gline-tables-only \
  -DCMAKE_C_FLAGS_DEBUG=-gline-tables-only
# shellcheck disable=SC2016  # $@ is for the inner shell
setsid bash -c 'echo 19 >/proc/self/autogroup 2>/dev/null; exec nice -n 19 "$@"' lowest \
  cmake --build build-tsan -j"$(nproc)" --target stream_tests server_tests integration_tests \
  >build-tsan/build.log 2>&1 &
tsan_build=$!
trap 'kill -- "-$tsan_build" 2>/dev/null || true' EXIT

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
(cd build-test && ctest --output-on-failure -j"$(nproc)" --timeout 300 -LE soak)
# The soak on its own: it asserts that well-behaved cameras lose no frame, which holds while
# the server gets the CPU it needs, not beside a dozen other tests on two cores (there it lost
# about 1 frame in 600, dropped as too late, as a live stream should).
(cd build-test && ctest --output-on-failure --timeout 300 -L soak)

if ! wait "$tsan_build"; then
  tail -n 50 build-tsan/build.log
  echo "test.sh: the ThreadSanitizer build failed (build-tsan/build.log)" >&2
  exit 1
fi
trap - EXIT
(cd build-tsan && export TSAN_OPTIONS="halt_on_error=1 suppressions=$PWD/../tests/tsan.supp" &&
  ctest --output-on-failure -j"$(nproc)" --timeout 300 -L tsan)
