#!/usr/bin/env bash
# Differential test: onb against the hand-written C++ reference of ../shared/bench on the
# same generated stream. Records must be equal (parsed JSON, in order, ids included).
#
#   tests/differential/run.sh ONB BUILD_DIR [USERS] [SEED]
set -euo pipefail
onb=$1
build=$(cd "$2" && pwd)
users=${3:-2000}
seed=${4:-7}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
shared=$(cd "$here/../../../shared" && pwd)
work="$build/differential"
mkdir -p "$work"

# The reference implementation, built into our build tree (../shared is read-only).
make -s -C "$shared/bench/baseline_cpp" O="$work/baseline" >/dev/null
events="$work/events-$users-$seed.jsonl"
[ -s "$events" ] || python3 "$shared/bench/gen_events.py" --users "$users" --seed "$seed" > "$events"

status=0
for variant in reference reference_core; do
  flags=""
  [ $variant = reference_core ] && flags="--no-quiet"
  # shellcheck disable=SC2086
  "$work/baseline/onb_baseline" $flags "$events" > "$work/$variant.baseline.jsonl" 2>/dev/null
  "$onb" run "$shared/bench/$variant.onb" "$events" > "$work/$variant.onb.jsonl" 2> "$work/$variant.onb.err"
  if python3 "$here/compare.py" "$work/$variant.baseline.jsonl" "$work/$variant.onb.jsonl"; then
    echo "differential $variant: $(wc -l < "$work/$variant.onb.jsonl") records identical"
  else
    echo "differential $variant: DIFFERENT (see $work/$variant.*.jsonl)"
    status=1
  fi
done
exit $status
