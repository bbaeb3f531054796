#!/usr/bin/env bash
# Runs one libFuzzer target over its corpus.
#   fuzz/run.sh TARGET MINUTES    a long run, at nice 19 (builds build-fuzz first if needed)
#   fuzz/run.sh TARGET MINUTES cpu    runs until the fuzzer has used MINUTES of CPU time, however
#                                 long that takes beside other work (the figure a fuzzing
#                                 effort is measured in)
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
  local clock="${3:-wall}"
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
  local wall_limit="$seconds"
  # On CPU time the wall-clock limit only stops a run that never gets the CPU it asks for.
  [[ "$clock" == cpu ]] && wall_limit=$((seconds * 50))

  args=(-max_total_time="$wall_limit" -print_final_stats=1 -timeout=25)
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
  # A long run gives way to everything else; the short one (in the test suite) must not be
  # starved by the tests beside it.
  local niceness=19
  [[ "$length" == short ]] && niceness=0
  local session=()
  # Where the kernel groups processes by session (autogroup), nice only orders processes of one
  # session: a long run gets a session of its own, and that session the lowest weight (set from
  # inside it, once it exists).
  # shellcheck disable=SC2016  # $@ is for the inner shell
  [[ "$length" != short ]] &&
    session=(setsid bash -c 'echo 19 >/proc/self/autogroup 2>/dev/null; exec "$@"' lowest)
  "${session[@]}" nice -n "$niceness" "$build/fuzz/fuzz_$target" "${args[@]}" \
    -artifact_prefix="$out/" "${dirs[@]}" >"$log" 2>&1 &
  local pid=$!
  # Ctrl-C still ends a long run with its figures.
  [[ "$length" != short ]] && trap 'kill -INT "$pid" 2>/dev/null' INT TERM
  if [[ "$clock" == cpu ]]; then
    # libFuzzer stops cleanly on SIGINT (final stats, exit 72) once its threads have used the
    # CPU time asked for.
    local ticks_per_s cpu_s=0
    ticks_per_s="$(getconf CLK_TCK)"
    while kill -0 "$pid" 2>/dev/null; do
      cpu_s=$(awk -v t="$ticks_per_s" '{ printf "%d", ($14 + $15) / t }' "/proc/$pid/stat" \
        2>/dev/null || echo 0)
      if ((cpu_s >= seconds)); then
        kill -INT "$pid"
        break
      fi
      sleep 5
    done
  fi
  wait "$pid" || status=$?
  [[ "$clock" == cpu && $status == 72 ]] && status=0
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
  local spent="${seconds} s"
  # What the fuzzer used (read every 5 s), which falls short of the limit if it was stopped early.
  [[ "$clock" == cpu ]] && spent="${cpu_s} CPU-s (of ${seconds} asked)"
  echo "fuzz_$target: ${runs:-?} executions in ${spent} (${speed:-?} exec/s), cov ${cov:-?} ft ${ft:-?}, corpus ${corp:-?}"
}
main "$@"; exit
