#!/usr/bin/env bash
# The `onb run --threads N` test (tests/threads/threads_test.py: every conformance and
# spec case and generated streams, with 2 and 3 threads, each run twice) on an onb built
# with ThreadSanitizer in build-tsan/. Fails on any data race (halt_on_error) or when the
# records differ from a one-thread run. docs/reliability.md, "ThreadSanitizer".
#
#   scripts/ci/tsan.sh
#
# Not part of scripts/test.sh: building onb with ThreadSanitizer takes a quarter of an
# hour on 2 cores (the test itself about 2 minutes), more than CI's budget leaves. Run it after changing
# anything the threads share (runtime/engine/parallel_runner.cpp, what the engines reach
# that is global).
#
# Environment: TSAN_JOBS (build parallelism, default 2), BUILD_DIR (default build-tsan).
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${BUILD_DIR:-build-tsan}
jobs=${TSAN_JOBS:-2}

started=$SECONDS
cmake -S . -B "$build" -DONB_BENCH=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  "-DCMAKE_CXX_FLAGS=-fsanitize=thread" "-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=thread" \
  "-DCMAKE_SHARED_LINKER_FLAGS=-fsanitize=thread" >/dev/null
cmake --build "$build" -j"$jobs" --target onb
echo "tsan.sh: built onb in $((SECONDS - started)) s"
mkdir -p "$build/threads_test"
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1}
python3 tests/threads/threads_test.py "$build/onb" "$PWD" "$build/threads_test"
echo "tsan.sh: done in $((SECONDS - started)) s"
