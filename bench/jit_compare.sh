#!/usr/bin/env bash
# The VM and the JIT side by side on the benchmark workload (docs/jit.md, "Figures"):
# `onb run PROGRAM` and `onb run --jit PROGRAM` over the same events, interleaved, REPS
# times each; prints the median events/s of each (CPU time, user + system, of the whole
# run: reading, decoding, the engine, writing records, and for the JIT its compile time),
# the JIT's compile time, and the JIT's events/s with the compile time taken out.
#
#   bench/jit_compare.sh [ONB] [USERS] [REPS] [PROGRAM]
#
# Defaults: build-jit/onb (built with ONB_JIT=ON), 100000 users (the 1M-event workload,
# gen_events.py --seed 1), 5 repetitions, ../shared/bench/reference_core.onb.
# EVENTS=FILE uses that event file instead of generating one (USERS is then ignored).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bench="$(cd "$here/../../shared/bench" && pwd)"
onb=${1:-$here/../build-jit/onb}
users=${2:-100000}
reps=${3:-5}
program=${4:-$bench/reference_core.onb}
command -v /usr/bin/time >/dev/null || { echo "jit_compare: needs /usr/bin/time (Debian package time)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
events_file=${EVENTS:-}
if [ -z "$events_file" ]; then
  events_file="$work/events.jsonl"
  python3 "$bench/gen_events.py" --users "$users" --seed 1 > "$events_file"
fi
events=$(wc -l < "$events_file")
echo "program: $(basename "$program"), events: $events, repetitions: $reps, onb: $onb"

# One run: appends "wall user sys compile_ms" to $1.
run() {
  local out=$1
  shift
  /usr/bin/time -f "%e %U %S" -o "$work/time" "$onb" run "$@" "$program" "$events_file" -o /dev/null 2> "$work/err"
  local compile
  compile=$(sed -n 's/^onb: jit compiled .* in \([0-9.]*\) ms.*/\1/p' "$work/err")
  read -r wall user sys < "$work/time"
  echo "$wall $user $sys ${compile:-0}" >> "$out"
}

"$onb" run --jit "$program" /dev/null -o /dev/null 2> "$work/err" || { cat "$work/err" >&2; exit 2; }
grep '^onb: jit compiled' "$work/err"
run "$work/warmup" # page cache, binary
for _ in $(seq "$reps"); do
  run "$work/vm"
  run "$work/jit" --jit
done

python3 - "$events" "$work/vm" "$work/jit" <<'PY'
import statistics, sys
events = int(sys.argv[1])
def rows(path):
    # (wall, cpu = user + sys, compile ms)
    out = []
    for line in open(path):
        wall, user, sys_, compile_ms = (float(x) for x in line.split())
        out.append((wall, user + sys_, compile_ms))
    return out
vm, jit = rows(sys.argv[2]), rows(sys.argv[3])
med = lambda xs: statistics.median(xs)
vm_cpu = med([r[1] for r in vm])
jit_cpu = med([r[1] for r in jit])
compile_ms = med([r[2] for r in jit])
jit_run = med([r[1] - r[2] / 1000 for r in jit])
print(f"{'':28}{'events/s':>12}{'cpu s':>9}{'wall s':>9}")
print(f"{'vm':28}{events / vm_cpu:12,.0f}{vm_cpu:9.3f}{med([r[0] for r in vm]):9.3f}")
print(f"{'jit (compile included)':28}{events / jit_cpu:12,.0f}{jit_cpu:9.3f}{med([r[0] for r in jit]):9.3f}")
print(f"{'jit (compile excluded)':28}{events / jit_run:12,.0f}{jit_run:9.3f}")
print(f"jit compile time: {compile_ms:.1f} ms (median); jit/vm end to end: {vm_cpu / jit_cpu:.3f}x")
PY
