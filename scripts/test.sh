#!/usr/bin/env bash
# Sets up, builds with AddressSanitizer + UndefinedBehaviorSanitizer and runs every test: unit,
# integration (real processes on loopback), browser (Chromium, Firefox, WebKit); then the hub and
# server unit tests again under ThreadSanitizer. This is what CI runs, within its 30 minutes.
#   scripts/test.sh --all   also the slower proofs: the integration tests with several cameras
#                           and viewers under ThreadSanitizer, every fuzz target for ~15 s, and
#                           the 2-minute soak (tests/soak)
set -euo pipefail
cd "$(dirname "$0")/.."
all=false
[[ "${1:-}" == --all ]] && all=true
scripts/setup.sh --test
# The benchmarks are built by bench/run.sh in their own Release tree, not here.
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DCAMSTREAM_SANITIZE=ON -DCAMSTREAM_BENCH=OFF \
  >/dev/null
cmake --build build-asan -j"$(nproc)"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
soak=(-LE soak)
$all && soak=()
(cd build-asan && ctest --output-on-failure -j"$(nproc)" --timeout 300 "${soak[@]}")

# ThreadSanitizer, in build-tsan: only the targets the tests need. tests/tsan.supp names what
# is suppressed and why. Not yet run under TSan: the credential, TLS, limit and mock console
# integration tests, and the descriptor-exhaustion test (it hangs under TSan).
tsan_targets=(stream_tests server_tests)
tsan_skip='^(CameraTokenTest|ViewerLoginTest|MetricsTokenTest|AllowedOriginTest|TlsTest|ConnectionLimitsTest|ViewerLimitTest|CameraLimitTest|OpenFilesAtStartTest|MockConsoleTest|MockPacingTest|CameraInputTest)\.|NewClientsWaitWhileFileDescriptorsRunOut'
$all && tsan_targets+=(integration_tests)
cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-g -O1" \
  "-DCMAKE_C_FLAGS_DEBUG=-g -O1" -DCAMSTREAM_TSAN=ON -DCAMSTREAM_BENCH=OFF >/dev/null
cmake --build build-tsan -j"$(nproc)" --target "${tsan_targets[@]}"
(cd build-tsan && export TSAN_OPTIONS="halt_on_error=1 suppressions=$PWD/../tests/tsan.supp" &&
  if $all; then
    ctest --output-on-failure -j"$(nproc)" --timeout 300 -L tsan -E "$tsan_skip"
  else
    tests/stream/stream_tests && tests/server/server_tests
  fi)

$all || exit 0
# Every libFuzzer target for ~15 s over its committed corpus and crash reproducers (clang,
# ASan/UBSan, in build-fuzz; fuzz/run.sh TARGET MINUTES runs one for long).
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCAMSTREAM_FUZZ=ON -DCAMSTREAM_TESTS=OFF \
  -DCAMSTREAM_BENCH=OFF >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target fuzzers
(cd build-fuzz && ctest --output-on-failure -j"$(nproc)" -L fuzz)
