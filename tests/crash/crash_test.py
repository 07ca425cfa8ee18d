#!/usr/bin/env python3
"""Crash test of onb run --state: kill -9 a checkpointing run at 20 moments, resume it
each time, and require its final output to equal an uninterrupted run's, record for
record (line by line, byte for byte), with the rejects and metrics files.

Twelve of the kills are forced inside a checkpoint write through the test-only fault hook
(ONB_FAULT_CHECKPOINT=<k>:<stage>), twice at every stage: after the output flush, with
the temporary file half written, before its fsync, before the rename, before the
directory fsync, and just after; the others come from outside at seeded random delays. Then the
refusals: another program, another input, an output cut shorter, a corrupted checkpoint.

    tests/crash/crash_test.py --onb build/onb --work build/crash_test [--seed 11]

The events (gen_events.py --users 20000 --seed 11, the first 200k lines) are generated
into --work once and reused. The kill schedule is seeded; where an outside kill lands
depends on the machine's speed, so the exact moments vary from run to run, never what
the output must be.
"""
import argparse
import json
import os
import random
import shutil
import signal
import struct
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent.parent / "shared"
STAGES = ["flushed", "partial", "written", "synced", "renamed", "durable"]
FAULT_VARIABLE = "ONB_FAULT_CHECKPOINT"


def fail(message):
    print(f"crash test: FAILED: {message}", flush=True)
    sys.exit(1)


def log(message):
    print(f"crash test: {message}", flush=True)


class Runner:
    """Builds onb run command lines over one input, with or without --state."""

    def __init__(self, args, work, events):
        self.onb = args.onb
        self.program = str(SHARED / "bench" / "reference.onb")
        self.work = work
        self.events = str(events)
        self.every = str(args.every)

    def command(self, out, state=None, program=None, events=None, every=None):
        cmd = [self.onb, "run", program or self.program, events or self.events, "-o", str(out),
               "--rejects", f"{out}.rejects", "--metrics", f"{out}.metrics"]
        if state is not None:
            cmd += ["--state", str(state), "--checkpoint-every", every or self.every]
        return cmd

    def run(self, cmd, fault=None, expect=0, contains=None):
        env = dict(os.environ)
        env.pop(FAULT_VARIABLE, None)
        if fault:
            env[FAULT_VARIABLE] = fault
        done = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if expect is not None and done.returncode != expect:
            fail(f"{' '.join(cmd)} (fault {fault}) exited {done.returncode}, expected {expect}:\n{done.stderr}")
        if contains and contains not in done.stderr:
            fail(f"{' '.join(cmd)}: expected `{contains}` in its messages, got:\n{done.stderr}")
        return done


def generate_events(args, work):
    events = work / f"events-{args.users}-{args.seed}-{args.lines}.jsonl"
    if events.exists() and events.stat().st_size > 0:
        return events
    gen = subprocess.Popen([sys.executable, str(SHARED / "bench" / "gen_events.py"), "--users", str(args.users),
                            "--seed", str(args.seed)], stdout=subprocess.PIPE)
    partial = events.with_suffix(".part")
    with open(partial, "wb") as out:
        for n, line in enumerate(gen.stdout):
            if n == args.lines:
                break
            out.write(line)
    gen.kill()
    gen.wait()
    partial.rename(events)
    return events


def checkpoint_info(state):
    """(sequence, complete) of state/checkpoint, or (0, False) when there is none. Reads
    only the fields at the start of the body (runtime/engine/checkpoint.hpp)."""
    path = Path(state) / "checkpoint"
    if not path.exists():
        return 0, False
    with open(path, "rb") as f:
        head = f.read(4096)
    if head[:8] != b"ONBCKPT1":
        fail(f"{path} does not start with the checkpoint magic")
    (version_len,) = struct.unpack_from("<I", head, 20)
    at = 24 + version_len
    (sequence,) = struct.unpack_from("<Q", head, at)
    return sequence, head[at + 8] == 1


def records_of(path):
    """The records of a JSONL file, one bytes object a line."""
    return Path(path).read_bytes().split(b"\n")


def compare_outputs(out, ref, what):
    """OUT, its rejects and metrics equal the reference's, record for record (line by
    line, byte for byte; every reference record is valid JSON, checked once)."""
    count = 0
    for suffix in ["", ".rejects"]:
        records, expected = records_of(f"{out}{suffix}"), records_of(f"{ref}{suffix}")
        if not suffix:
            count = len(expected) - 1
        if records != expected:
            first = next((i for i in range(min(len(records), len(expected))) if records[i] != expected[i]),
                         min(len(records), len(expected)))
            fail(f"{what}: {out}{suffix} differs from the uninterrupted run's at record {first + 1} "
                 f"({len(records) - 1} records, expected {len(expected) - 1})")
    if Path(f"{out}.metrics").read_bytes() != Path(f"{ref}.metrics").read_bytes():
        fail(f"{what}: {out}.metrics differs from the uninterrupted run's")
    return count


def check_reference(ref):
    """The uninterrupted run's files are JSON: every record, the rejects and the metrics."""
    for suffix in ["", ".rejects"]:
        with open(f"{ref}{suffix}", encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                try:
                    json.loads(line)
                except ValueError as e:
                    fail(f"{ref}{suffix}, line {n}: not JSON: {e}")
    with open(f"{ref}.metrics", encoding="utf-8") as f:
        json.load(f)


def clean(state, out):
    shutil.rmtree(state, ignore_errors=True)
    for suffix in ["", ".rejects", ".metrics"]:
        Path(f"{out}{suffix}").unlink(missing_ok=True)


def kill_schedule(rng, kills):
    """The kinds of the kills in a seeded order: every fault stage at least once (twice
    when there are enough kills), the rest outside kills at random delays."""
    inside = STAGES * 2 if kills >= 2 * len(STAGES) + 4 else STAGES[: max(0, kills // 2)]
    schedule = inside + ["outside"] * (kills - len(inside))
    rng.shuffle(schedule)
    return schedule


def crash_and_resume(runner, rng, args, ref, full_seconds, checkpoints):
    """Kills the run `args.kills` times, resuming after each, until it completes; then
    compares. A run that completes before its kill is compared too, and the state is
    cleared for the kills still to come."""
    state = runner.work / "state"
    out = runner.work / "out.jsonl"
    clean(state, out)
    killed = {stage: 0 for stage in STAGES + ["outside"]}
    passes = 0
    for number, kind in enumerate(kill_schedule(rng, args.kills), 1):
        sequence, complete = checkpoint_info(state)
        if complete:
            passes += 1
            compare_outputs(out, ref, f"pass {passes}")
            clean(state, out)
            sequence = 0
        cmd = runner.command(out, state)
        if kind != "outside":
            target = sequence + rng.randint(1, 3)
            if target > checkpoints:  # too close to the end: start another pass
                target = rng.randint(1, 3)
                passes += 1
                runner.run(cmd)
                compare_outputs(out, ref, f"pass {passes}")
                clean(state, out)
            done = runner.run(cmd, fault=f"{target}:{kind}", expect=None)
            if done.returncode != -signal.SIGKILL:
                fail(f"kill {number} ({target}:{kind}) did not happen: exit {done.returncode}\n{done.stderr}")
            after, _ = checkpoint_info(state)
            expected = target if kind in ("renamed", "durable") else target - 1
            if after != expected:
                fail(f"kill {number} at checkpoint {target}, stage {kind}: the state holds checkpoint {after}, "
                     f"expected {expected}")
            detail = f"inside checkpoint {target} at `{kind}`"
        else:
            remaining = max(0.05, 1.0 - sequence / max(1, checkpoints))
            delay = rng.uniform(0.02, 0.95) * full_seconds * remaining
            env = {k: v for k, v in os.environ.items() if k != FAULT_VARIABLE}
            messages = runner.work / "stderr.txt"
            for _ in range(6):
                with open(messages, "w") as err:
                    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env)
                    time.sleep(delay)
                    proc.send_signal(signal.SIGKILL)
                    rc = proc.wait()
                if rc != 0:
                    break
                # It finished first (the machine got faster): compare, and kill the next
                # pass sooner.
                passes += 1
                compare_outputs(out, ref, f"pass {passes}")
                clean(state, out)
                delay *= rng.uniform(0.2, 0.9)
            if rc != -signal.SIGKILL:
                fail(f"kill {number} (outside, after {delay:.3f}s) did not happen: exit {rc}\n{messages.read_text()}")
            detail = f"from outside after {delay * 1000:.0f} ms"
        killed[kind] += 1
        sequence, _ = checkpoint_info(state)
        size = Path(out).stat().st_size if Path(out).exists() else 0
        log(f"kill {number:2} {detail}; last checkpoint {sequence}, OUT {size} bytes")
    resumes = 0
    while not checkpoint_info(state)[1]:
        resumes += 1
        if resumes > 3:
            fail("the run did not complete after the kills")
        runner.run(runner.command(out, state))
    passes += 1
    records = compare_outputs(out, ref, f"pass {passes}")
    # A rerun says it is complete and leaves everything as it is.
    runner.run(runner.command(out, state), contains="already complete")
    compare_outputs(out, ref, "after the rerun")
    log(f"{args.kills} kills ({', '.join(f'{k} {v}' for k, v in killed.items() if v)}), {passes} complete "
        f"pass(es), each OUT identical to the uninterrupted run's ({records} records)")
    return state, out


def refusals(runner, state, out, ref):
    """A complete state refuses another program or input; a killed one refuses an output
    cut shorter and a corrupted checkpoint; --state refuses stdin and stdout."""
    other = str(SHARED / "bench" / "reference_core.onb")
    runner.run(runner.command(out, state, program=other), expect=2, contains="another program")
    shorter = runner.work / "events-shorter.jsonl"
    with open(runner.events, "rb") as f:
        lines = f.readlines()
    shorter.write_bytes(b"".join(lines[:-1]))
    runner.run(runner.command(out, state, events=str(shorter)), expect=2, contains="another input")
    runner.run(runner.command(out, state, every="1h"), contains="already complete")  # the interval may change
    lateness = runner.command(out, state) + ["--lateness", "1h"]
    runner.run(lateness, expect=2, contains="lateness")

    clean(state, out)
    runner.run(runner.command(out, state), fault="3:durable", expect=-signal.SIGKILL)
    os.truncate(out, 10)
    runner.run(runner.command(out, state), expect=2, contains="truncated or replaced")
    clean(state, out)
    runner.run(runner.command(out, state), fault="3:durable", expect=-signal.SIGKILL)
    checkpoint = Path(state) / "checkpoint"
    data = bytearray(checkpoint.read_bytes())
    data[len(data) // 2] ^= 0x20
    checkpoint.write_bytes(bytes(data))
    runner.run(runner.command(out, state), expect=2, contains="corrupted")
    checkpoint.write_bytes(bytes(data[: len(data) // 3]))
    runner.run(runner.command(out, state), expect=2, contains="truncated")

    clean(state, out)
    stdin = runner.command(out, state)
    stdin[3] = "-"
    runner.run(stdin, expect=2, contains="stdin")
    to_stdout = runner.command(out, state)
    to_stdout[5] = "-"
    runner.run(to_stdout, expect=2, contains="needs -o OUT")
    runner.run(runner.command(out, state, every="often"), expect=2, contains="--checkpoint-every")
    runner.run(runner.command(out, state), fault="x", expect=2, contains=FAULT_VARIABLE)
    # Checkpoints by event time give the same output (the events span 58 days).
    clean(state, out)
    runner.run(runner.command(out, state, every="3d"), fault="4:synced", expect=-signal.SIGKILL)
    runner.run(runner.command(out, state, every="3d"))
    compare_outputs(out, ref, "checkpoints every 3d of event time")
    clean(state, out)
    log("refusals: another program, another input, other options, OUT cut shorter, a corrupted or truncated "
        "checkpoint, stdin, stdout, bad options; checkpoints by event time")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--onb", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--users", type=int, default=20000)
    parser.add_argument("--lines", type=int, default=200000)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--every", type=int, default=10000, help="checkpoint interval, lines")
    args = parser.parse_args()
    started = time.monotonic()
    work = Path(args.work).resolve()
    work.mkdir(parents=True, exist_ok=True)
    events = generate_events(args, work)
    runner = Runner(args, work, events)

    ref = work / "reference.jsonl"
    began = time.monotonic()
    runner.run(runner.command(ref))
    plain_seconds = time.monotonic() - began
    check_reference(ref)
    # The same run with checkpoints, uninterrupted: the same output, and the time to aim
    # the outside kills at.
    state = work / "state"
    out = work / "out.jsonl"
    clean(state, out)
    began = time.monotonic()
    runner.run(runner.command(out, state))
    full_seconds = time.monotonic() - began
    checkpoints, complete = checkpoint_info(state)
    if not complete:
        fail("an uninterrupted run with --state did not end with a complete checkpoint")
    compare_outputs(out, ref, "uninterrupted with --state")
    log(f"{args.lines} events; uninterrupted {plain_seconds:.2f}s, with a checkpoint every {args.every} lines "
        f"{full_seconds:.2f}s ({checkpoints - 1} checkpoints and the final one)")

    rng = random.Random(args.seed)
    state, out = crash_and_resume(runner, rng, args, ref, full_seconds, checkpoints - 1)
    refusals(runner, state, out, ref)
    log(f"passed in {time.monotonic() - started:.1f}s")


if __name__ == "__main__":
    main()
