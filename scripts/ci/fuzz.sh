#!/usr/bin/env bash
# CI: builds the libFuzzer targets (clang, ASan + UBSan, ONB_FUZZ=ON) in build-fuzzers/ and
# runs each for a bounded time on its seed corpus and kept crash inputs; fails on any
# crash, sanitizer report, leak, timeout or out-of-memory. docs/reliability.md, "Fuzzing".
#
#   scripts/ci/fuzz.sh                  every target, FUZZ_SECONDS (default 30) each
#   scripts/ci/fuzz.sh engine format    only these targets
#
# Environment: FUZZ_SECONDS (per target), FUZZ_JOBS (build parallelism, default 2),
# BUILD_DIR (default build-fuzzers). Findings are written to $BUILD_DIR/fuzz-findings/<target>/:
# keep each as tests/fuzz/regressions/<target>/<name> once fixed.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${BUILD_DIR:-build-fuzzers}
seconds=${FUZZ_SECONDS:-30}
jobs=${FUZZ_JOBS:-2}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(parse_check format artifact event_decoder engine snapshot)

started=$SECONDS
scripts/install-deps.sh --fuzz
generator=()
command -v ninja >/dev/null && [ ! -f "$build/Makefile" ] && generator=(-G Ninja)
cmake -S . -B "$build" "${generator[@]}" -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DONB_FUZZ=ON -DONB_BENCH=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g" "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O1 -g" >/dev/null
cmake --build "$build" -j"$jobs" --target fuzzers
echo "fuzz.sh: built in $((SECONDS - started)) s"

# Seeds in the current binary formats (artifacts, snapshots, checkpoints).
seeds=$build/fuzz-seeds
rm -rf "$seeds"
"$build/tests/fuzz/fuzz_seeds" artifacts "$seeds/artifact" examples/saas/*.onb examples/embed/onboarding.onb \
  tests/fuzz/programs/*.onb tests/spec/cases/*/program.onb >/dev/null 2>&1 || true
"$build/tests/fuzz/fuzz_seeds" snapshots "$seeds/snapshot" tests/fuzz/corpus/engine/*.jsonl >/dev/null

dict_of() {
  case $1 in
    parse_check | format) echo tests/fuzz/dict/onb.dict ;;
    event_decoder | engine) echo tests/fuzz/dict/events.dict ;;
    artifact) echo tests/fuzz/dict/artifact.dict ;;
    *) echo "" ;;
  esac
}

export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
failed=()
for target in "${targets[@]}"; do
  binary=$build/tests/fuzz/fuzz_$target
  findings=$build/fuzz-findings/$target
  work=$build/fuzz-corpus/$target  # new inputs found in this run (the repo corpus stays as is)
  mkdir -p "$findings" "$work"
  # Every kept crash input first: each must pass.
  if compgen -G "tests/fuzz/regressions/$target/*" >/dev/null; then
    "$binary" -runs=0 tests/fuzz/regressions/"$target"/* >"$findings/regressions.log" 2>&1 ||
      { echo "fuzz.sh: $target: a kept regression input fails again:"; tail -30 "$findings/regressions.log"; failed+=("$target"); continue; }
  fi
  dict=$(dict_of "$target")
  corpora=("$work" "tests/fuzz/corpus/$target")
  [ -d "$seeds/$target" ] && corpora+=("$seeds/$target")
  t0=$SECONDS
  if "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2560 -max_len=65536 -print_final_stats=1 \
       -artifact_prefix="$findings/" ${dict:+-dict=$dict} "${corpora[@]}" >"$findings/fuzz.log" 2>&1; then
    echo "fuzz.sh: $target: no findings in $((SECONDS - t0)) s ($(grep -o 'stat::number_of_executed_units: [0-9]*' "$findings/fuzz.log" | grep -o '[0-9]*$') runs)"
  else
    echo "fuzz.sh: $target: FOUND A BUG (inputs in $findings):"
    grep -E 'ERROR|SUMMARY|fuzz property|runtime error|Test unit written' "$findings/fuzz.log" | head -20
    failed+=("$target")
  fi
done
echo "fuzz.sh: done in $((SECONDS - started)) s"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz.sh: failed: ${failed[*]}"
  exit 1
fi
