#!/usr/bin/env bash
# `onb run` and `onb run --jit` must write the same bytes: the benchmark programs, and
# query_filters.onb (history filters evaluated at query time), over the benchmark workload
# (../shared/bench), records and the stderr summary's counts alike.
#
#   tests/jit/compare_with_vm.sh ONB WORKDIR [USERS]
#
# USERS 100000 is the 1M-event workload (the ctest jit_workload; the events are generated
# once into WORKDIR and kept); 10000 is about 100k events, for a quick check.
set -euo pipefail
onb=$1
work=$2
users=${3:-10000}
here="$(cd "$(dirname "$0")" && pwd)"
bench="$(cd "$here/../../../shared/bench" && pwd)"
mkdir -p "$work"
events="$work/events-$users.jsonl"
if [ ! -s "$events" ]; then
  python3 "$bench/gen_events.py" --users "$users" --seed 1 > "$events.tmp"
  mv "$events.tmp" "$events"
fi
echo "events: $(wc -l < "$events") lines"

status=0
for program in "$bench/reference.onb" "$bench/reference_core.onb" "$here/query_filters.onb"; do
  for flags in "" "--explain"; do
    # shellcheck disable=SC2086
    "$onb" run "$program" "$events" $flags -o "$work/vm.jsonl" 2> "$work/vm.err"
    # shellcheck disable=SC2086
    "$onb" run --jit "$program" "$events" $flags -o "$work/jit.jsonl" 2> "$work/jit.err"
    grep -v '^onb: jit compiled' "$work/jit.err" > "$work/jit.summary" || true
    if cmp -s "$work/vm.jsonl" "$work/jit.jsonl" && cmp -s "$work/vm.err" "$work/jit.summary"; then
      echo "same: $(basename "$program") $flags ($(wc -l < "$work/vm.jsonl") records; $(grep '^onb: jit compiled' "$work/jit.err"))"
    else
      echo "DIFFERENT: $(basename "$program") $flags" >&2
      cmp "$work/vm.jsonl" "$work/jit.jsonl" >&2 || true
      diff "$work/vm.err" "$work/jit.summary" >&2 || true
      status=1
    fi
  done
done
rm -f "$work/vm.jsonl" "$work/jit.jsonl"
exit $status
