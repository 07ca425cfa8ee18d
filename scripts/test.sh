#!/usr/bin/env bash
# Installs what is needed, builds everything and runs every test: unit and golden tests,
# the public conformance cases (../shared/conformance) and the differential test against
# the hand-written reference.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"
