#!/usr/bin/env bash
# Coverage-guided fuzzing of the parsers with libFuzzer and AddressSanitizer.
#
#   scripts/fuzz.sh --list                 the target names
#   scripts/fuzz.sh --build [TARGET…]      build every target, or those named (into .build-fuzz)
#   scripts/fuzz.sh TARGET SECONDS [ARG…]  fuzz one target; extra ARGs go to libFuzzer
#   scripts/fuzz.sh --all SECONDS          every target in turn (what .ci/run does)
#   scripts/fuzz.sh --check                exit 0 when this toolchain can build fuzz targets
#   scripts/fuzz.sh --self-test            show that a crash, a leak, a timeout and 3 GB each fail a run
#
# A run exits non-zero on any finding: a crash or failed precondition, a leak, an input taking
# more than 10 s (-timeout=10), or more than 2 GB of memory (-rss_limit_mb / -malloc_limit_mb).
# The input that caused it is saved as .build-fuzz/artifacts/TARGET/crash-… (or leak-, timeout-,
# oom-); replay it with `.build-fuzz/release/fuzz-TARGET FILE`. Exit status 3 means the toolchain
# has no libFuzzer runtime (nothing was fuzzed).
#
# The targets live in Fuzz/ and exist in the package only when GENRE_FUZZ=1, so normal builds and
# `swift test` never compile them. Every run starts from fresh seeds made by the project's own
# writers (each target writes them with GENRE_FUZZ_WRITE_SEEDS=DIR), plus files from the reference
# `flac` and `sox` when installed and the heads of ../shared/flac-conformance when present; what
# the fuzzer finds accumulates in .build-fuzz/corpus/TARGET across runs.
# GENRE_FUZZ_CORPUS, GENRE_FUZZ_ARTIFACTS and GENRE_FUZZ_LOG put the corpus, the findings and the
# log elsewhere (long runs keep their corpus outside the repository, so `git clean` keeps it).
set -euo pipefail
cd "$(dirname "$0")/.."

targets=(wav aiff au flac metadata model csv)
build_dir=${GENRE_FUZZ_BUILD_DIR:-.build-fuzz}
bin="$build_dir/release"

usage() { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

runtime() {
  # Swift's -sanitize=fuzzer links libFuzzer's own main, which clashes with the entry point
  # SwiftPM gives every executable; so the targets are instrumented with ASan + SanitizerCoverage
  # and linked with the runtime without main, whose LLVMFuzzerRunDriver they call.
  local name lib
  name="libclang_rt.fuzzer_no_main-$(uname -m).a"
  # The toolchain's clang knows its resource directory; else look beside swift.
  for lib in "$(clang -print-resource-dir 2>/dev/null || echo /nonexistent)/lib/linux/$name" \
             "$(dirname "$(readlink -f "$(command -v swift)")")"/../lib/clang/*/lib/linux/"$name"; do
    [ -f "$lib" ] && { echo "$lib"; return 0; }
  done
  return 1
}

# Builds the named targets (incrementally: the first build compiles the package's modules with
# the instrumentation, later ones mostly link).
build() {
  local lib t status log
  lib=$(runtime) || { echo "fuzz: this toolchain has no libFuzzer runtime (libclang_rt.fuzzer_no_main); nothing fuzzed" >&2; exit 3; }
  mkdir -p "$build_dir"
  for t in "$@"; do
    status=0
    # A log per build: two runs started together build (one after the other) at the same time.
    log=$(mktemp "$build_dir/build-$t.XXXXXX")
    GENRE_FUZZ=1 swift build -c release --scratch-path "$build_dir" --product "fuzz-$t" \
      -Xswiftc -sanitize=address -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp \
      -Xlinker "$lib" -Xlinker -lstdc++ >"$log" 2>&1 || status=$?
    grep -a -v -e '^\[' -e "Cannot export local symbol '__asan_extra_spill_area'" -e '^Building for' -e '^Build of product' \
      -e 'which are unhandled; explicitly declare them' -e '/CMakeLists.txt$' "$log" >&2 || true
    rm -f "$log"
    [ "$status" = 0 ] || { echo "fuzz: building fuzz-$t failed" >&2; exit 1; }
  done
}

# Fresh seeds for one target: its own writers' output, then independent writers' when present.
seeds() {
  local t=$1 dir="$build_dir/seeds/$1"
  rm -rf "$dir"
  GENRE_FUZZ_WRITE_SEEDS="$dir" "$bin/fuzz-$t" >"$build_dir/seeds-$t.log" 2>&1 \
    || { cat "$build_dir/seeds-$t.log" >&2; echo "fuzz: fuzz-$t could not write its seeds" >&2; exit 1; }
  rm -f "$build_dir/seeds-$t.log"
  local tmp
  tmp=$(mktemp -d)
  GENRE_FUZZ_WRITE_SEEDS="$tmp" "$bin/fuzz-wav" >/dev/null
  case $t in
    flac)
      if command -v flac >/dev/null 2>&1; then
        flac -s -8 -o "$dir/ref-8-mono.flac" "$tmp/pcm16.wav" 2>/dev/null || true
        flac -s -5 --blocksize=192 -o "$dir/ref-5-stereo.flac" "$tmp/stereo-extensible.wav" 2>/dev/null || true
        flac -s -0 --no-padding -T "TITLE=seed" -o "$dir/ref-0-tagged.flac" "$tmp/pcm24.wav" 2>/dev/null || true
      fi
      local shared=../shared/flac-conformance f
      if [ -d "$shared" ]; then
        for f in "$shared"/*/*.flac; do head -c 16384 "$f" >"$dir/conformance-$(basename "$f")"; done
      fi
      ;;
    aiff)
      if command -v sox >/dev/null 2>&1; then
        sox "$tmp/pcm16.wav" "$dir/sox-pcm16.aiff" 2>/dev/null || true
        sox "$tmp/stereo-extensible.wav" -e floating-point -b 32 "$dir/sox-float.aifc" 2>/dev/null || true
      fi
      ;;
    au)
      if command -v sox >/dev/null 2>&1; then
        sox "$tmp/pcm16.wav" -e mu-law "$dir/sox-mulaw.au" 2>/dev/null || true
        sox "$tmp/stereo-extensible.wav" -e floating-point -b 32 "$dir/sox-float.au" 2>/dev/null || true
      fi
      ;;
    wav)
      if command -v sox >/dev/null 2>&1; then
        sox "$tmp/pcm16.wav" -e ima-adpcm "$dir/sox-ima-adpcm.wav" 2>/dev/null || true
        sox "$tmp/stereo-extensible.wav" -e a-law "$dir/sox-alaw.wav" 2>/dev/null || true
      fi
      ;;
  esac
  rm -rf "$tmp"
}

# Largest input libFuzzer makes (its default is the largest seed, at least 4096 bytes).
max_len() {
  case $1 in
    flac) echo 16384 ;;
    *) echo 0 ;;
  esac
}

run() {
  local t=$1 seconds=$2
  shift 2
  [[ " ${targets[*]} " == *" $t "* ]] || { echo "fuzz: no target '$t' (scripts/fuzz.sh --list)" >&2; exit 2; }
  build "$t" wav  # wav: its seeds feed the reference encoders
  seeds "$t"
  local corpus=${GENRE_FUZZ_CORPUS:-$build_dir/corpus/$t} artifacts=${GENRE_FUZZ_ARTIFACTS:-$build_dir/artifacts/$t}
  local log=${GENRE_FUZZ_LOG:-$build_dir/logs/$t.log}
  mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
  local len=() status=0
  [ "$(max_len "$t")" = 0 ] || len=(-max_len="$(max_len "$t")")
  local args=(-timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts/"
              "${len[@]}" "$@" "$corpus" "$build_dir/seeds/$t")
  if [ "${GENRE_FUZZ_CPU:-0}" = 1 ]; then
    echo "fuzz: $t for ${seconds} CPU-seconds (log: $log)"
    # No wall-time limit; stopped with SIGINT once its CPU time is spent (libFuzzer then prints
    # its final statistics and exits with -interrupt_exitcode, 72).
    "$bin/fuzz-$t" "${args[@]}" >"$log" 2>&1 &
    local pid=$! ticks used interrupted=0
    ticks=$(getconf CLK_TCK)
    while kill -0 "$pid" 2>/dev/null; do
      used=$(awk -v t="$ticks" '{ print int(($14 + $15) / t) }' "/proc/$pid/stat" 2>/dev/null || echo 0)
      if [ "$used" -ge "$seconds" ]; then interrupted=1; kill -INT "$pid" 2>/dev/null || true; break; fi
      sleep 5
    done
    wait "$pid" || status=$?
    [ "$interrupted:$status" != 1:72 ] || status=0
  else
    echo "fuzz: $t for ${seconds}s (log: $log)"
    "$bin/fuzz-$t" -max_total_time="$seconds" "${args[@]}" >"$log" 2>&1 || status=$?
  fi
  # The last status line (executions, coverage, features, corpus) and the final statistics.
  grep -E '^#[0-9]+' "$log" | tail -1 || true
  grep -E '^stat::(number_of_executed_units|peak_rss_mb)' "$log" | tr '\n' ' ' || true
  echo
  if [ "$status" != 0 ]; then
    echo "fuzz: $t FOUND A PROBLEM (libFuzzer exit status $status); the input is in $artifacts:" >&2
    grep -E -A12 -e '^==[0-9]+==ERROR' -e 'Fatal error' -e 'ALARM' -e 'out-of-memory' -e 'malloc\(' "$log" | head -40 >&2 || true
    ls -t "$artifacts" | head -3 >&2
    # The input itself, so a CI log is enough to reproduce it (base64 -d > FILE; fuzz-TARGET FILE).
    grep -E '^Base64: ' "$log" | tail -1 >&2 || true
    return 1
  fi
}

case ${1:-} in
  --list) printf '%s\n' "${targets[@]}" ;;
  --check) runtime >/dev/null || exit 3 ;;
  --build) shift; if [ $# = 0 ]; then build "${targets[@]}"; else build "$@"; fi ;;
  --all)
    [ $# = 2 ] || usage
    build "${targets[@]}"
    failed=()
    for t in "${targets[@]}"; do run "$t" "$2" || failed+=("$t"); done
    [ ${#failed[@]} = 0 ] || { echo "fuzz: findings in: ${failed[*]}" >&2; exit 1; }
    ;;
  --self-test)
    # The csv target with its test swapped for one that misbehaves (FuzzSupport's misbehave):
    # every run must fail, and its input must be saved.
    build csv wav
    tmp=$(mktemp -d)
    bad=()
    for mode in crash leak timeout memory; do
      mkdir -p "$tmp/$mode/corpus" "$tmp/$mode/artifacts"
      if GENRE_FUZZ_SELF_TEST=$mode GENRE_FUZZ_CORPUS="$tmp/$mode/corpus" GENRE_FUZZ_ARTIFACTS="$tmp/$mode/artifacts" \
           run csv 60 >/dev/null 2>&1 || [ -z "$(ls "$tmp/$mode/artifacts")" ]; then
        bad+=("$mode")
      else
        echo "fuzz self-test: $mode fails the run ($(ls "$tmp/$mode/artifacts" | head -1))"
      fi
    done
    rm -rf "$tmp"
    [ ${#bad[@]} = 0 ] || { echo "fuzz self-test: NOT caught: ${bad[*]}" >&2; exit 1; }
    ;;
  ""|-h|--help) usage ;;
  *) [ $# -ge 2 ] || usage; run "$@" ;;
esac
