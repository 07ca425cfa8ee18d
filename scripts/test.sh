#!/usr/bin/env bash
# Installs what is needed, builds everything and runs every test: unit and golden tests,
# the public conformance cases (../shared/conformance), the spec cases, the differential
# test against the hand-written reference, crash/resume, threads, the browser test of the
# report; then the JIT build, the sanitizer build and short fuzzer runs. Each stage prints
# how long it took; the whole script stays under 45 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
started=$SECONDS
scripts/install-deps.sh
# One compiler cache for the builds below: the JIT build recompiles the same sources with
# the same flags as the default one (only the JIT library and the command line differ).
export CCACHE_DIR=${CCACHE_DIR:-$PWD/.cache/ccache} CCACHE_BASEDIR=$PWD
export CMAKE_C_COMPILER_LAUNCHER=ccache CMAKE_CXX_COMPILER_LAUNCHER=ccache
scripts/ci/browser-deps.sh  # Chromium, so that the report's browser test runs (tests/report/)
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"
echo "test.sh: default build and tests in $((SECONDS - started)) s"
scripts/ci/jit.sh  # the LLVM JIT (ONB_JIT=ON) in build-jit/: its unit tests, conformance and 1M-event workload
scripts/ci/sanitize.sh  # unit, hostile-input and fuzz-replay tests under ASan + UBSan in build-sanitize/
FUZZ_SECONDS=${FUZZ_SECONDS:-20} scripts/ci/fuzz.sh  # each libFuzzer target for 20 s in build-fuzzers/
echo "test.sh: everything passed in $((SECONDS - started)) s"
