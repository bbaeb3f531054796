#!/usr/bin/env bash
# Runs one libFuzzer target over its corpus.
#   fuzz/run.sh TARGET MINUTES    a long run, at nice 19 (builds build-fuzz first if needed)
#   fuzz/run.sh TARGET short      a ~15 s run, what ctest -L fuzz (scripts/test.sh) does
# TARGET: camera_frame ws_route static_files http_routes consumer_queue camera_console
# camera_settings (fuzz/<TARGET>.cpp). New inputs go to build-fuzz/fuzz-out/<TARGET>/corpus,
# crashes to build-fuzz/fuzz-out/<TARGET>/; the committed seeds in fuzz/corpus/<TARGET> and the
# crash reproducers in fuzz/regressions/<TARGET> are only read. Ends with executions, exec/s
# and coverage.
set -euo pipefail

# All in a function, called and exited on one line, so bash has read the whole script before
# it runs: editing it during a long run cannot change what that run does.
main() {
  local here="$(cd "$(dirname "$0")" && pwd)"
  local repo="$(dirname "$here")"
  local target="${1:?usage: fuzz/run.sh TARGET MINUTES|short}"
  local length="${2:?usage: fuzz/run.sh TARGET MINUTES|short}"
  local build="${FUZZ_BUILD_DIR:-$repo/build-fuzz}"
  [[ -f "$here/$target.cpp" ]] || { echo "run.sh: no fuzz target '$target' (fuzz/$target.cpp)" >&2; exit 2; }

  if [[ -z "${FUZZ_NO_BUILD:-}" ]]; then
    if [[ ! -f "$build/CMakeCache.txt" ]]; then
      CC=clang CXX=clang++ cmake -S "$repo" -B "$build" -DCAMSTREAM_FUZZ=ON -DCAMSTREAM_TESTS=OFF \
        -DCAMSTREAM_BENCH=OFF >/dev/null
    fi
    flock "$repo/.build.lock" cmake --build "$build" -j2 --target "fuzz_$target" >/dev/null
  fi

  if [[ "$length" == short ]]; then
    seconds=15
  else
    seconds="$(awk -v m="$length" 'BEGIN { printf "%d", m * 60 }')"
  fi

  args=(-max_total_time="$seconds" -print_final_stats=1 -timeout=25)
  case "$target" in
    camera_frame)
      # Legitimate frames at the default limits (4096x4096 = 16 Mpixel, 4:2:0, 4:4:4 and
      # progressive) peak at ~400 MB RSS in this build, no single allocation over 256 MB. A
      # message that makes the server allocate more gets past the checks made before decoding:
      # a decompression bomb, which these limits turn into a crash.
      args+=(-rss_limit_mb=768 -malloc_limit_mb=256 -max_len=262144) ;;
    *) args+=(-max_len=4096) ;;
  esac

  [[ -f "$here/$target.dict" ]] && args+=(-dict="$here/$target.dict")

  out="$build/fuzz-out/$target"
  mkdir -p "$out/corpus"
  dirs=("$out/corpus" "$here/corpus/$target")
  [[ -d "$here/regressions/$target" ]] && dirs+=("$here/regressions/$target")

  export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
  export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
  # The short run (ctest) keeps its own log, so it may run beside a long one.
  local log="$out/last-run.log"
  [[ "$length" == short ]] && log="$out/short-run.log"
  status=0
  nice -n 19 "$build/fuzz/fuzz_$target" "${args[@]}" -artifact_prefix="$out/" "${dirs[@]}" \
    >"$log" 2>&1 || status=$?
  if ((status != 0)); then
    tail -n 60 "$log"
    echo "run.sh: fuzz_$target failed (exit $status); input and log in $out/" >&2
    exit "$status"
  fi
  runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")"
  speed="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")"
  final="$(grep -E '^#[0-9]+' "$log" | tail -n 1)"
  cov="$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$final")"
  ft="$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$final")"
  corp="$(sed -n 's/.* corp: \([0-9]*\/[0-9a-zA-Z]*\).*/\1/p' <<<"$final")"
  echo "fuzz_$target: ${runs:-?} executions in ${seconds} s (${speed:-?} exec/s), cov ${cov:-?} ft ${ft:-?}, corpus ${corp:-?}"
}
main "$@"; exit
