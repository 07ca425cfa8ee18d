#!/usr/bin/env bash
# The main job on the bundled example: install what is needed, build, check the example
# journeys, generate the example event stream (fixed seed) and run the journeys over it,
# printing the records and the summary and writing the metrics.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target onb
build/onb check examples/
python3 examples/data/generate_events.py --seed 42 > build/example-events.jsonl
build/onb run examples/saas/onboarding.onb build/example-events.jsonl --metrics build/example-metrics.json
echo "metrics written to build/example-metrics.json" >&2
