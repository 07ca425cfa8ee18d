#!/usr/bin/env bash
# CI: the optional LLVM JIT (docs/jit.md). Installs LLVM 15, configures build-jit/ with
# ONB_JIT=ON (Release), builds only what the JIT's tests need (onb and unit_jit: no
# benchmarks, no other test binaries), then runs
#   unit_jit          every opcode against the VM, whole programs against the VM (the
#                     public conformance cases and tests/spec/cases)
#   conformance_jit   the public conformance cases with `onb run --jit`
#   jit_workload      `onb run` vs `onb run --jit`, byte for byte, on the 1M-event benchmark
#                     workload (generated once into $BUILD_DIR/jit_workload and kept)
#
#   scripts/ci/jit.sh
#
# Environment: JIT_JOBS (build parallelism, default 2), BUILD_DIR (default build-jit).
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${BUILD_DIR:-build-jit}
jobs=${JIT_JOBS:-2}

started=$SECONDS
scripts/ci/jit-deps.sh
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DONB_JIT=ON -DONB_BENCH=OFF >/dev/null
cmake --build "$build" -j"$jobs" --target onb unit_jit
built=$SECONDS
ctest --test-dir "$build" --output-on-failure -R '^(unit_jit|conformance_jit|jit_workload)$'
echo "jit.sh: build $((built - started)) s, tests $((SECONDS - built)) s, total $((SECONDS - started)) s"
