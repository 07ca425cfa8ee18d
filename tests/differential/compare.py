#!/usr/bin/env python3
"""Compares two record files as parsed JSON objects, in order (ids included)."""
import json
import sys


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


expected, actual = load(sys.argv[1]), load(sys.argv[2])
for i, (e, a) in enumerate(zip(expected, actual), 1):
    if e != a:
        print(f"record {i} differs:\n  expected {json.dumps(e)}\n  got      {json.dumps(a)}")
        sys.exit(1)
if len(expected) != len(actual):
    print(f"{len(actual)} records, expected {len(expected)}")
    sys.exit(1)
