#!/usr/bin/env bash
# A long soak: tests/soak/run.sh --minutes N [BUILD_DIR]. Builds the soak program, the server
# and mock-camera in BUILD_DIR (default build-test, the sanitizer build), then runs it.
set -euo pipefail
cd "$(dirname "$0")/../.."
minutes=30
build=build-test
while [[ $# -gt 0 ]]; do
  case "$1" in
    --minutes) minutes="$2"; shift 2 ;;
    *) build="$1"; shift ;;
  esac
done
cmake --build "$build" -j"$(nproc)" --target soak
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
exec "$build/tests/soak/soak" --minutes "$minutes"
