#!/usr/bin/env bash
# The long browser test (wall_long.test.mjs), outside the default test run:
#   tests/browser/run_long.sh                       9 cameras, Chromium, 1 minute
#   tests/browser/run_long.sh --minutes 5
#   tests/browser/run_long.sh --cameras 3 --engines chromium,firefox,webkit
#   tests/browser/run_long.sh --build build-bench   Release programs: nine ASan cameras and an
#                                                   ASan server crowd two cores and skew the delay
# Uses <build>/apps/camstream-server and mock-camera (build-test by default) unless
# CAMSTREAM_SERVER / MOCK_CAMERA say otherwise; --size WxH sets the cameras' picture size.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

minutes=1 cameras=9 engines=chromium build=build-test size=
while (($#)); do
  case "$1" in
    --minutes) minutes="$2"; shift 2 ;;
    --cameras) cameras="$2"; shift 2 ;;
    --engines) engines="$2"; shift 2 ;;
    --build) build="$2"; shift 2 ;;
    --size) size="$2"; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "run_long.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
  esac
done

[[ "$build" = /* ]] || build="$root/$build"
export CAMSTREAM_SERVER="${CAMSTREAM_SERVER:-$build/apps/camstream-server}"
export MOCK_CAMERA="${MOCK_CAMERA:-$build/apps/mock-camera}"
export LONG_MINUTES="$minutes" LONG_CAMERAS="$cameras" LONG_ENGINES="$engines" LONG_SIZE="$size"
cd "$here"
exec node --test --test-reporter=spec wall_long.test.mjs
