#!/usr/bin/env python3
"""Keeps the examples of the user docs true.

    check_doc_examples.py ONB SOURCE_DIR WORK_DIR

Every ```onb block of docs/guide.md is a complete program: written to WORK_DIR next to a
copy of the example schema and journeys (examples/saas/*.onb, for blocks that import
"schema.onb"), it must pass `onb check` (warnings allowed) and already be formatted
(`onb fmt --check`).

The examples section of docs/diagnostics.md shows, under `### CODE `name``, output copied
from tests/golden/diagnostics/CODE-name.expected: each must still appear there verbatim
(the golden test keeps those files true), so a changed message shows up here too.
"""
import glob
import os
import re
import shutil
import subprocess
import sys

DOCS = ["docs/guide.md"]


def check_diagnostic_examples(source):
    text = open(os.path.join(source, "docs", "diagnostics.md"), encoding="utf-8").read()
    golden = os.path.join(source, "tests", "golden", "diagnostics")
    failures = 0
    sections = re.findall(r"^### ([EW]\d{4}) `([a-z0-9-]+)`\n(.*?)(?=^#)", text, re.S | re.M)
    for code, name, body in sections:
        expected_path = os.path.join(golden, f"{code}-{name}.expected")
        if not os.path.exists(expected_path):
            print(f"FAIL: docs/diagnostics.md: {code}: no {expected_path}")
            failures += 1
            continue
        expected = open(expected_path, encoding="utf-8", errors="replace").read()
        for block in re.findall(r"^```text\n(.*?)^```", body, re.S | re.M):
            if block not in expected:
                print(f"FAIL: docs/diagnostics.md: the example of {code} is not in {expected_path} any more:\n{block}")
                failures += 1
    if not sections:
        print("FAIL: docs/diagnostics.md has no examples")
        failures += 1
    return failures


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    onb, source, work = sys.argv[1:]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    for f in glob.glob(os.path.join(source, "examples", "saas", "*.onb")):
        shutil.copy(f, work)
    failures = 0
    count = 0
    for doc in DOCS:
        text = open(os.path.join(source, doc), encoding="utf-8").read()
        for match in re.finditer(r"^( *)```onb\n(.*?)^\1```", text, re.S | re.M):
            indent, body = match.group(1), match.group(2)
            line = text.count("\n", 0, match.start()) + 1
            program = "".join(l[len(indent):] + "\n" for l in body.splitlines())
            path = os.path.join(work, f"{os.path.basename(doc)[:-3]}_line{line}.onb")
            with open(path, "w", encoding="utf-8") as f:
                f.write(program)
            count += 1
            checked = subprocess.run([onb, "check", path], capture_output=True, text=True)
            if checked.returncode != 0:
                print(f"FAIL: {doc}:{line}: the example does not pass `onb check`:\n{checked.stderr}")
                failures += 1
                continue
            formatted = subprocess.run([onb, "fmt", "--diff", path], capture_output=True, text=True)
            if formatted.returncode != 0:
                print(f"FAIL: {doc}:{line}: the example is not formatted (`onb fmt`):\n{formatted.stdout}{formatted.stderr}")
                failures += 1
    if count == 0:
        sys.exit("FAIL: no ```onb examples found")
    failures += check_diagnostic_examples(source)
    if failures:
        sys.exit(1)
    print(f"ok: {count} examples check and are formatted; diagnostics examples match the goldens")


if __name__ == "__main__":
    main()
