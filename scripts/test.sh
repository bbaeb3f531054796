#!/usr/bin/env bash
# Sets up, builds with AddressSanitizer + UndefinedBehaviorSanitizer, and runs every test:
# unit, integration (real processes on loopback) and browser (Debian's Chromium); then runs each
# fuzz target briefly.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
# The benchmarks are built by bench/run.sh in their own Release tree, not here.
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DCAMSTREAM_SANITIZE=ON -DCAMSTREAM_BENCH=OFF \
  >/dev/null
cmake --build build-asan -j"$(nproc)"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
(cd build-asan && ctest --output-on-failure -j"$(nproc)" --timeout 300)

# The hub, the server and the integration tests with several cameras and viewers again under
# ThreadSanitizer, in build-tsan: only the targets those tests need. tests/tsan.supp names
# what is suppressed and why. Not yet run under TSan here: the credential, TLS, limit and mock
# console tests, and the descriptor-exhaustion test (it hangs under TSan).
cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-g -O1" \
  "-DCMAKE_C_FLAGS_DEBUG=-g -O1" -DCAMSTREAM_TSAN=ON -DCAMSTREAM_BENCH=OFF >/dev/null
cmake --build build-tsan -j"$(nproc)" --target stream_tests server_tests integration_tests
(cd build-tsan && TSAN_OPTIONS="halt_on_error=1 suppressions=$PWD/../tests/tsan.supp" \
  ctest --output-on-failure -j"$(nproc)" --timeout 300 -L tsan \
    -E '^(CameraTokenTest|ViewerLoginTest|MetricsTokenTest|AllowedOriginTest|TlsTest|ConnectionLimitsTest|ViewerLimitTest|CameraLimitTest|OpenFilesAtStartTest|MockConsoleTest|MockPacingTest|CameraInputTest)\.|NewClientsWaitWhileFileDescriptorsRunOut')

# Every libFuzzer target for ~15 s over its committed corpus and crash reproducers (clang,
# ASan/UBSan, in build-fuzz; fuzz/run.sh TARGET MINUTES runs one for long).
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCAMSTREAM_FUZZ=ON -DCAMSTREAM_TESTS=OFF \
  -DCAMSTREAM_BENCH=OFF >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target fuzzers
(cd build-fuzz && ctest --output-on-failure -j"$(nproc)" -L fuzz)
