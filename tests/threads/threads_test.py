#!/usr/bin/env python3
"""`onb run --threads N` against `onb run` (one engine), on the conformance cases, the
project's spec cases and generated streams (in order, with allowed lateness and shuffled
lines, with malformed and invalid lines mixed in).

    threads_test.py ONB SOURCE_DIR WORK_DIR

For every input and N in 2, 3: each user's records equal the single engine's, in order,
ids included, and nothing else is written; the rejects file and the metrics file are
byte-identical; the summary on stderr is the same but for the memory figure. The output
of one N is the same from run to run.
"""
import collections
import glob
import json
import os
import random
import shlex
import subprocess
import sys


def run(onb, program, events, args, work, tag, threads):
    out = os.path.join(work, f"{tag}.t{threads}.jsonl")
    rej = os.path.join(work, f"{tag}.t{threads}.rejects")
    met = os.path.join(work, f"{tag}.t{threads}.metrics")
    cmd = [onb, "run", os.path.abspath(program), os.path.abspath(events), "-o", out, "--rejects", rej, "--metrics", met, "-q"] + args
    if threads > 1:
        cmd += ["--threads", str(threads)]
    p = subprocess.run(cmd, capture_output=True, text=True, cwd=os.path.dirname(os.path.abspath(program)))
    if not os.path.exists(out):
        raise SystemExit(f"{' '.join(cmd)} wrote nothing (exit {p.returncode}):\n{p.stderr[-2000:]}")
    summary = [l.replace(rej, "REJECTS") for l in p.stderr.splitlines()
               if l.startswith("onb: ") and not l.startswith("onb: users ")]
    with open(out, "rb") as f:
        records = f.read()
    with open(rej, "rb") as f:
        rejects = f.read()
    metrics = open(met, "rb").read() if os.path.exists(met) else b""
    return p.returncode, records, rejects, metrics, summary


def by_user(records):
    users = collections.defaultdict(list)
    for line in records.splitlines():
        users[json.loads(line).get("user")].append(line)
    return users


def compare(onb, program, events, args, work, tag):
    base = run(onb, program, events, args, work, tag, 1)
    failures = []
    for threads in (2, 3):
        got = run(onb, program, events, args, work, tag, threads)
        what = f"{tag} --threads {threads}"
        if got[0] != base[0]:
            failures.append(f"{what}: exit status {got[0]}, one engine {base[0]}")
            continue
        if by_user(got[1]) != by_user(base[1]):
            failures.append(f"{what}: some user's records differ from one engine's")
        if got[2] != base[2]:
            failures.append(f"{what}: the rejects differ")
        if got[3] != base[3]:
            failures.append(f"{what}: the metrics differ")
        if got[4] != base[4]:
            failures.append(f"{what}: the summary differs:\n  {got[4]}\n  {base[4]}")
        again = run(onb, program, events, args, work, tag + ".again", threads)
        if again[1] != got[1]:
            failures.append(f"{what}: two runs wrote different output")
    return failures, base[1].count(b"\n")


def generate(source, work, users, seed):
    path = os.path.join(work, f"gen-{users}-{seed}.jsonl")
    if not os.path.exists(path):
        gen = os.path.join(source, "..", "shared", "bench", "gen_events.py")
        with open(path, "w") as f:
            subprocess.run([sys.executable, gen, "--users", str(users), "--seed", str(seed)], stdout=f, check=True)
    return path


def main():
    onb, source, work = sys.argv[1], sys.argv[2], sys.argv[3]
    onb, source, work = os.path.abspath(onb), os.path.abspath(source), os.path.abspath(work)
    os.makedirs(work, exist_ok=True)
    failures = []
    cases = 0
    dirs = sorted(glob.glob(os.path.join(source, "..", "shared", "conformance", "cases", "[0-9]*")))
    dirs += sorted(glob.glob(os.path.join(source, "tests", "spec", "cases", "[0-9]*")))
    for case in dirs:
        if not os.path.exists(os.path.join(case, "expected.jsonl")):
            continue
        argsFile = os.path.join(case, "args")
        args = shlex.split(open(argsFile).read()) if os.path.exists(argsFile) else []
        tag = os.path.basename(os.path.dirname(os.path.dirname(case))) + "-" + os.path.basename(case)
        f, _ = compare(onb, os.path.join(case, "program.onb"), os.path.join(case, "events.jsonl"), args, work, tag)
        failures += f
        cases += 1

    program = os.path.abspath(os.path.join(source, "..", "shared", "bench", "reference.onb"))
    stream = generate(source, work, 3000, 5)
    lines = open(stream).read().splitlines()
    # Shuffled within a few neighbours (some lines late, some held), with bad lines mixed in.
    rng = random.Random(11)
    mixed = list(lines)
    for i in range(0, len(mixed) - 8, 5):
        j = i + rng.randrange(1, 8)
        mixed[i], mixed[j] = mixed[j], mixed[i]
    for i in range(0, len(mixed), 997):
        mixed.insert(i, rng.choice(['{"type":"track"', 'not json', '{"type":"track","userId":"u1","event":"Signed Up",'
                                    '"timestamp":"2025-02-30T00:00:00Z"}', '', '[]']))
    shuffled = os.path.join(work, "mixed.jsonl")
    with open(shuffled, "w") as f:
        f.write("\n".join(mixed) + "\n")
    for tag, events, args in [("stream", stream, []), ("stream-explain", stream, ["--explain"]),
                              ("mixed-late", shuffled, []), ("mixed-held", shuffled, ["--lateness", "30m"]),
                              ("until", stream, ["--until", "2025-06-01T00:00:00Z"])]:
        f, n = compare(onb, program, events, args, work, tag)
        failures += f
        cases += 1
        if n < 1000:
            failures.append(f"{tag}: only {n} records: the stream should exercise the engines")
    for f in failures:
        print("FAIL:", f)
    print(f"{cases} inputs, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
