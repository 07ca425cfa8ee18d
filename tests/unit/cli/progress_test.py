#!/usr/bin/env python3
"""`onb run`'s progress display (cli/progress.hpp), end to end through a pseudo-terminal.

    progress_test.py ONB PROGRAM

Two inputs, each made to last a few seconds whatever the machine's speed:
- a pipe (size unknown) fed a batch of lines every quarter second: the line shows the
  bytes read, events/s and the elapsed time, and no share or ETA;
- a regular file (size known) whose records go to a pipe that the test drains slowly, so
  that back-pressure paces the run: the line shows the bytes read of the file's size, the
  share done, events/s, the elapsed time and an ETA.
Checks that the progress line shows on stderr when it is a terminal (redrawn in place with
\\r, at most a few times a second, and erased before the end-of-run summary), and that
nothing of it shows when stderr is a pipe or with --quiet.
"""
import os
import pty
import re
import subprocess
import sys
import tempfile
import threading
import time

BATCH = 65536   # Progress::kCheckEveryLines: one look at the clock per batch
BATCHES = 9
PAUSE = 0.25
FILE_BATCHES = 4
DRAIN_SECONDS = 4.0   # the file run's records are drained over at least this long
LINE = ('{"type":"track","userId":"u%d","event":"App Opened",'
        '"timestamp":"2025-03-03T10:00:00Z"}\n')

# Hands every App Opened off to a queue: one record per input line, which is what lets
# the test pace a run over a regular file by how fast it reads the records.
PACED_PROGRAM = """event app_opened "App Opened"
queue support

journey pulse {
  enter when app_opened

  rule seen {
    when app_opened
    handoff support
  }
}
"""


def batch_bytes():
    return "".join(LINE % (i % 500) for i in range(BATCH)).encode()


def feed(stdin):
    batch = batch_bytes()
    try:
        for _ in range(BATCHES):
            stdin.write(batch)
            stdin.flush()
            time.sleep(PAUSE)
    finally:
        stdin.close()


def drain_slowly(stdout, total):
    """Reads the records no faster than `total` bytes in DRAIN_SECONDS."""
    start = time.monotonic()
    read = 0
    while True:
        data = stdout.read1(65536)
        if not data:
            return
        read += len(data)
        ahead = read / total * DRAIN_SECONDS - (time.monotonic() - start)
        if ahead > 0:
            time.sleep(ahead)


def run(onb, program, on_tty, quiet=False, events=None, records_bytes=0):
    """Runs onb, over the slow feed on stdin or over the file `events` with its records
    drained slowly (records_bytes: about how many the run writes); returns (stderr
    bytes, seconds)."""
    args = [onb, "run", program, events or "-"] + (["-o", os.devnull] if not events else []) + \
        (["--quiet"] if quiet else [])
    start = time.monotonic()
    stdin = subprocess.DEVNULL if events else subprocess.PIPE
    stdout = subprocess.PIPE if events else subprocess.DEVNULL
    if on_tty:
        master, slave = pty.openpty()
        proc = subprocess.Popen(args, stdin=stdin, stdout=stdout, stderr=slave)
        os.close(slave)
        chunks = []

        def read_terminal():
            while True:
                try:
                    data = os.read(master, 65536)
                except OSError:  # EIO: the terminal's other end is closed
                    return
                if not data:
                    return
                chunks.append(data)

        reader = threading.Thread(target=read_terminal)
        reader.start()
    else:
        proc = subprocess.Popen(args, stdin=stdin, stdout=stdout, stderr=subprocess.PIPE)
        err_parts = []
        reader = threading.Thread(target=lambda: err_parts.append(proc.stderr.read()))
        reader.start()
    if events:
        drain_slowly(proc.stdout, records_bytes)
    else:
        feed(proc.stdin)
    code = proc.wait(timeout=120)
    reader.join(timeout=10)
    if on_tty:
        os.close(master)
        err = b"".join(chunks)
    else:
        err = b"".join(err_parts)
    if code != 0:
        sys.exit(f"onb run exited {code}:\n{err.decode(errors='replace')}")
    return err, time.monotonic() - start


BYTES = r"\d+(?:\.\d)? (?:B|KB|MB|GB)"
UNKNOWN_SIZE = re.compile(rf"onb: ({BYTES}), [\d.]+[kM]? events/s, \d+:\d\d elapsed\x1b\[K")
KNOWN_SIZE = re.compile(rf"onb: ({BYTES}) of ({BYTES}) \((\d+)%\), [\d.]+[kM]? events/s, \d+:\d\d elapsed, "
                        rf"ETA \d+:\d\d\x1b\[K")


def check_terminal(label, text, seconds, pattern, failures):
    """Checks the progress lines drawn on a terminal; returns how many there were."""
    draws = text.count("events/s")
    if draws == 0:
        failures.append(f"{label}: no progress on a terminal:\n{text!r}")
        return 0
    if "\r" not in text:
        failures.append(f"{label}: the progress line is not redrawn in place (no \\r)")
    if draws > seconds * 4 + 2:
        failures.append(f"{label}: {draws} redraws in {seconds:.1f}s: more than four a second")
    drawn = [d for d in text.split("\r") if "events/s" in d]
    for d in drawn:
        if not pattern.fullmatch(d):
            failures.append(f"{label}: unexpected progress line {d!r}")
    summary = text.find("onb: events read")
    if summary < 0:
        failures.append(f"{label}: no end-of-run summary")
    elif not text[:summary].endswith("\r\x1b[K"):
        failures.append(f"{label}: the progress line is not erased before the summary: {text[:summary][-80:]!r}")
    return draws


def main():
    onb, program = sys.argv[1], sys.argv[2]
    failures = []

    # Input of unknown size: a pipe.
    err, seconds = run(onb, program, on_tty=True)
    pipe_draws = check_terminal("pipe", err.decode(errors="replace"), seconds, UNKNOWN_SIZE, failures)

    err, _ = run(onb, program, on_tty=False)
    if b"events/s" in err or b"\r" in err:
        failures.append(f"pipe: progress shown when stderr is a pipe: {err[:300]!r}")
    if b"onb: events read" not in err:
        failures.append("pipe: no summary when stderr is a pipe")

    err, _ = run(onb, program, on_tty=True, quiet=True)
    if b"events/s" in err:
        failures.append(f"pipe: progress shown with --quiet: {err[:300]!r}")

    # Input of known size: a regular file, the run paced by its records' reader.
    with tempfile.TemporaryDirectory(prefix="onb-progress-") as work:
        paced = os.path.join(work, "pulse.onb")
        with open(paced, "w") as f:
            f.write(PACED_PROGRAM)
        events = os.path.join(work, "events.jsonl")
        batch = batch_bytes()
        with open(events, "wb") as f:
            for _ in range(FILE_BATCHES):
                f.write(batch)
            # Half a batch more: the last look at the clock comes before the end.
            f.write("".join(LINE % (i % 500) for i in range(BATCH // 2)).encode())
        size = os.path.getsize(events)
        # How many bytes of records the run writes, from a short run over 500 lines.
        sample = subprocess.run([onb, "run", paced, "-"], input="".join(LINE % i for i in range(500)).encode(),
                                capture_output=True, check=True).stdout
        records_bytes = len(sample) * (FILE_BATCHES * BATCH + BATCH // 2) // 500

        err, seconds = run(onb, paced, on_tty=True, events=events, records_bytes=records_bytes)
        text = err.decode(errors="replace")
        file_draws = check_terminal("file", text, seconds, KNOWN_SIZE, failures)
        totals = {m.group(2) for m in KNOWN_SIZE.finditer(text)}
        want_total = f"{size / 1e6:.1f} MB"
        if file_draws and totals != {want_total}:
            failures.append(f"file: the total shown is {totals}, the file has {want_total}")
        shares = [int(m.group(3)) for m in KNOWN_SIZE.finditer(text)]
        if shares != sorted(shares) or any(not 0 <= p < 100 for p in shares):
            failures.append(f"file: the share done is not increasing from 0 to 99%: {shares}")

        err, _ = run(onb, paced, on_tty=False, events=events, records_bytes=records_bytes)
        if b"events/s" in err or b"\r" in err:
            failures.append(f"file: progress shown when stderr is a pipe: {err[:300]!r}")
        err, _ = run(onb, paced, on_tty=True, quiet=True, events=events, records_bytes=records_bytes)
        if b"events/s" in err:
            failures.append(f"file: progress shown with --quiet: {err[:300]!r}")

    for f in failures:
        print("FAIL:", f)
    if not failures:
        print(f"progress: terminal ({pipe_draws} redraws over a pipe, {file_draws} over a file with its size "
              f"and ETA), pipe and --quiet as expected")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
