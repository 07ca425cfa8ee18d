#!/usr/bin/env bash
# CI: the unit tests (golden tests included), the hostile-input tests and the fuzz corpus
# replays, built with AddressSanitizer and UndefinedBehaviorSanitizer (ONB_SANITIZE=ON,
# -O1, no benchmarks) in build-sanitize/. Fails on any sanitizer report (each stops the
# process: halt_on_error) or leak. docs/reliability.md, "Sanitizers".
#
#   scripts/ci/sanitize.sh
#
# Only the test binaries those tests need are built (no onb CLI, no soak). Left out: the
# tests that run the onb binary or a whole workload (conformance, differential, crash,
# report, trace, install), the soak (its memory bound does not hold with the sanitizers'
# own memory) and the valgrind tests (valgrind cannot run sanitized binaries).
#
# Environment: SANITIZE_JOBS (build and test parallelism, default 2), BUILD_DIR (default
# build-sanitize), CC/CXX (default gcc/g++).
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${BUILD_DIR:-build-sanitize}
jobs=${SANITIZE_JOBS:-2}
tests='^(unit_.*|hostile_input|fuzz_replay_.*)$'

started=$SECONDS
generator=()
command -v ninja >/dev/null && [ ! -f "$build/Makefile" ] && generator=(-G Ninja)
cmake -S . -B "$build" "${generator[@]}" -DCMAKE_C_COMPILER="${CC:-gcc}" -DCMAKE_CXX_COMPILER="${CXX:-g++}" \
  -DONB_SANITIZE=ON -DONB_BENCH=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g" "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O1 -g" >/dev/null

# The targets of the selected tests: unit_<x> and hostile_input are named as their tests,
# fuzz_replay_<x> runs fuzz_<x>_replay.
mapfile -t targets < <(ctest --test-dir "$build" -N -R "$tests" |
  sed -nE 's/^ *Test +#[0-9]+: +([A-Za-z0-9_]+)$/\1/p' | sed -E 's/^fuzz_replay_(.*)$/fuzz_\1_replay/')
[ ${#targets[@]} -gt 0 ] || { echo "sanitize.sh: no tests match $tests" >&2; exit 1; }
cmake --build "$build" -j"$jobs" --target "${targets[@]}"
built=$SECONDS
echo "sanitize.sh: built ${#targets[@]} test binaries in $((built - started)) s"

export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
ctest --test-dir "$build" --output-on-failure -j"$jobs" -R "$tests"
echo "sanitize.sh: tests passed in $((SECONDS - built)) s; done in $((SECONDS - started)) s"
