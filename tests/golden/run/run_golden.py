#!/usr/bin/env python3
"""Golden test of `onb run` on the bundled example.

    run_golden.py ONB SOURCE_DIR WORK_DIR

Generates a fixed event stream (examples/data/generate_events.py, 150 users, seed 7:
about 1,750 lines with a duplicate, an invalid and a malformed line), runs
examples/saas/onboarding.onb over it, and compares the records, the rejects and the
metrics byte for byte with the files beside this script. The same program compiled to an
artifact (`onb compile`) must give the same bytes. ONB_UPDATE_GOLDEN=1 rewrites the
expected files instead; review the change in the diff.
"""
import difflib
import os
import subprocess
import sys

USERS = "150"
SEED = "7"
EXPECTED = ["saas.records.jsonl", "saas.rejects.jsonl", "saas.metrics.json"]


def run(cmd, **kw):
    result = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if result.returncode != 0:
        sys.exit(f"FAIL: {' '.join(cmd)} exited {result.returncode}\n{result.stderr}")
    return result.stdout


def onb_run(onb, program, events, work, tag):
    paths = [os.path.join(work, f"{tag}.{name}") for name in EXPECTED]
    run([onb, "run", program, events, "-q", "-o", paths[0], "--rejects", paths[1],
         "--metrics", paths[2]])
    return paths


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    onb, source, work = sys.argv[1:]
    here = os.path.dirname(os.path.abspath(__file__))
    os.makedirs(work, exist_ok=True)
    program = os.path.join(source, "examples", "saas", "onboarding.onb")
    events = os.path.join(work, "events.jsonl")
    with open(events, "w", encoding="utf-8") as f:
        f.write(run([sys.executable, os.path.join(source, "examples", "data", "generate_events.py"),
                     "--users", USERS, "--seed", SEED]))

    from_source = onb_run(onb, program, events, work, "source")
    artifact = os.path.join(work, "onboarding.onbc")
    run([onb, "compile", program, "-o", artifact])
    from_artifact = onb_run(onb, artifact, events, work, "artifact")

    failures = 0
    for name, got, got_artifact in zip(EXPECTED, from_source, from_artifact):
        text = read(got)
        if read(got_artifact) != text:
            print(f"FAIL: {name}: the compiled artifact gives different output than the source")
            failures += 1
        expected_path = os.path.join(here, name)
        if os.environ.get("ONB_UPDATE_GOLDEN") == "1":
            with open(expected_path, "w", encoding="utf-8") as f:
                f.write(text)
            print(f"updated {expected_path}")
            continue
        if not os.path.exists(expected_path):
            print(f"FAIL: {expected_path} is missing; run with ONB_UPDATE_GOLDEN=1 to create it")
            failures += 1
            continue
        expected = read(expected_path)
        if expected != text:
            diff = difflib.unified_diff(expected.splitlines(), text.splitlines(), expected_path, got,
                                        lineterm="", n=1)
            lines = list(diff)
            print(f"FAIL: {name} differs (ONB_UPDATE_GOLDEN=1 rewrites it):")
            print("\n".join(lines[:60]))
            if len(lines) > 60:
                print(f"... {len(lines) - 60} more diff lines")
            failures += 1
    if failures:
        sys.exit(1)
    print("ok: records, rejects and metrics match")


if __name__ == "__main__":
    main()
