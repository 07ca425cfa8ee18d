#!/usr/bin/env python3
"""`onb trace USER PROGRAM [EVENTS]` on a known timeline (docs/trace.md).

    trace_test.py ONB

program.onb and events.jsonl beside this file give the user `ada` one of every kind of
timeline entry: events (processed, duplicate, invalid, ignored, late, malformed), journey
entries (treatment and holdout), timers armed, re-armed and fired, deliveries with their
vars, suppressions (cap, consent, limit, holdout) with the condition or limit behind
them, a send deferred by quiet hours and fired when they end, a skip by an `unless`
clause, a goal, exits, and a timer still pending at the end. The test checks the text
timeline line by line, the JSON timeline entry by entry, that stdin gives the same, that
--until fires what was pending, that another user's timeline has none of ada's, and the
exit status and message for a user with no input line.
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PROGRAM = os.path.join(HERE, "program.onb")
EVENTS = os.path.join(HERE, "events.jsonl")

# ada's timeline as text: times are UTC, journey-less lines are her input lines.
EXPECTED_TEXT = """\
2025-03-03 09:00:00.000  event identify (line 1) {first_name: "Ada", email_consent: true}
2025-03-03 10:00:00.000  event "Signed Up" (line 3)
2025-03-03 10:00:00.000  activation: enter (treatment), exits after 30d at 2025-04-02 10:00:00.000
2025-03-03 10:00:00.000  activation: timer armed: rule nudge (after 1d since enter), due 2025-03-04 10:00:00.000
2025-03-03 10:00:00.000  activation: timer armed: rule inactive (after 2d since last any), due 2025-03-05 10:00:00.000
2025-03-03 10:00:00.000  activation: send email "welcome" (rule welcome) vars {name: "Ada"}
2025-03-03 10:00:00.000  activation: send email "tip" (rule tip) suppressed: cap on email 1 per 1d (line 19)
2025-03-03 10:00:00.000  activation: send sms "hello" (rule sms_hello) suppressed: consent (channel sms requires user.sms_consent: false)
2025-03-03 11:00:00.000  event "Step Failed" (line 5) {step: "billing", code: 502}
2025-03-03 11:00:00.000  activation: timer re-armed: rule inactive (after 2d since last any), due 2025-03-05 11:00:00.000
2025-03-03 11:00:00.000  activation: handoff support (rule stuck) vars {step: "billing", code: 502}
2025-03-03 12:00:00.000  event "Step Failed" (line 6) {step: "billing", code: 503}
2025-03-03 12:00:00.000  activation: timer re-armed: rule inactive (after 2d since last any), due 2025-03-05 12:00:00.000
2025-03-03 12:00:00.000  activation: handoff support (rule stuck) suppressed: limit 1 per 1w (line 50)
2025-03-03 12:05:00.000  duplicate "Step Failed" (line 7): messageId "m-4" already seen within the dedup window, dropped
2025-03-03 12:10:00.000  invalid "Step Failed" (line 8): property `code` is missing (absent or null)
2025-03-03 12:20:00.000  ignored line (line 9): undeclared event `Page Viewed`
2025-03-03 12:30:00.000  late "App Opened" (line 11): older than the watermark, not processed
                         malformed line 12: timestamp is not ISO 8601 or epoch milliseconds
2025-03-03 23:30:00.000  event "App Opened" (line 13)
2025-03-03 23:30:00.000  activation: timer re-armed: rule inactive (after 2d since last any), due 2025-03-05 23:30:00.000
2025-03-04 10:00:00.000  activation: timer fired: rule nudge
2025-03-04 10:00:00.000  activation: send email "create-first-project" (rule nudge)
2025-03-05 23:30:00.000  activation: timer fired: rule inactive
2025-03-05 23:30:00.000  activation: send email "we-miss-you" (rule inactive) deferred: quiet hours 21:00..08:00, until 2025-03-06 08:00:00.000
2025-03-06 08:00:00.000  activation: quiet hours over: rule inactive fires again
2025-03-06 08:00:00.000  activation: send email "we-miss-you" (rule inactive)
2025-03-06 09:00:00.000  event "Project Created" (line 15) {template: "blank"}
2025-03-06 09:00:00.000  upsell: enter (holdout: its actions are recorded as suppressed), exits after 3d at 2025-03-09 09:00:00.000
2025-03-06 09:00:00.000  upsell: timer armed: rule pitch (after 1d since enter), due 2025-03-07 09:00:00.000
2025-03-06 09:00:00.000  activation: timer armed: rule inactive (after 2d since last any), due 2025-03-08 09:00:00.000
2025-03-06 09:00:00.000  upsell: handoff support (rule thanks) suppressed: holdout (the user is in upsell's holdout of 100%)
2025-03-06 09:00:00.000  activation: goal project_created reached 2d 23h after entry (ttv_ms 255600000)
2025-03-06 09:00:00.000  activation: exit: goal reached
2025-03-07 08:00:00.000  event "App Opened" (line 16)
2025-03-07 09:00:00.000  upsell: timer fired: rule pitch
2025-03-07 09:00:00.000  upsell: rule pitch skipped: unless app_opened within 1d (line 67)
2025-03-08 00:00:00.000  upsell: still pending at the end of the input: exit after, due 2025-03-09 09:00:00.000
"""

D = "2025-03-0{}T{}:00.000Z".format

# ada's timeline as JSON: (t, kind, the keys that entry must have with these values).
EXPECTED_JSON = [
    (D(3, "09:00"), "event", {"outcome": "processed", "type": "identify", "line": 1,
                              "traits": {"first_name": "Ada", "email_consent": True}}),
    (D(3, "10:00"), "event", {"outcome": "processed", "type": "track", "event": "Signed Up", "line": 3,
                              "message_id": "m-1"}),
    (D(3, "10:00"), "enter", {"journey": "activation", "holdout": False, "expires": "2025-04-02T10:00:00.000Z"}),
    (D(3, "10:00"), "timer_armed", {"journey": "activation", "rule": "nudge", "due": D(4, "10:00"),
                                    "delay_ms": 86_400_000, "anchor": "enter", "rearmed": False}),
    (D(3, "10:00"), "timer_armed", {"rule": "inactive", "due": D(5, "10:00"), "delay_ms": 172_800_000,
                                    "anchor": "last any", "rearmed": False}),
    (D(3, "10:00"), "delivered", {"rule": "welcome", "action": "send", "channel": "email", "template": "welcome",
                                  "vars": {"name": "Ada"}}),
    (D(3, "10:00"), "suppressed", {"rule": "tip", "reason": "cap", "detail": "on email 1 per 1d", "line": 19}),
    (D(3, "10:00"), "suppressed", {"rule": "sms_hello", "channel": "sms", "reason": "consent",
                                   "detail": "user.sms_consent"}),
    (D(3, "11:00"), "event", {"outcome": "processed", "event": "Step Failed", "line": 5,
                              "properties": {"step": "billing", "code": 502}}),
    (D(3, "11:00"), "timer_armed", {"rule": "inactive", "due": D(5, "11:00"), "rearmed": True}),
    (D(3, "11:00"), "delivered", {"rule": "stuck", "action": "handoff", "queue": "support",
                                  "vars": {"step": "billing", "code": 502}}),
    (D(3, "12:00"), "event", {"outcome": "processed", "line": 6, "message_id": "m-4"}),
    (D(3, "12:00"), "timer_armed", {"rule": "inactive", "due": D(5, "12:00"), "rearmed": True}),
    (D(3, "12:00"), "suppressed", {"rule": "stuck", "action": "handoff", "reason": "limit", "detail": "1 per 1w",
                                   "line": 50}),
    ("2025-03-03T12:05:00.000Z", "event", {"outcome": "duplicate", "line": 7, "message_id": "m-4"}),
    ("2025-03-03T12:10:00.000Z", "event", {"outcome": "invalid", "line": 8,
                                           "reason": "property `code` is missing (absent or null)"}),
    ("2025-03-03T12:20:00.000Z", "event", {"outcome": "ignored", "line": 9,
                                           "reason": "undeclared event `Page Viewed`"}),
    (D(3, "12:30"), "event", {"outcome": "late", "event": "App Opened", "line": 11}),
    (None, "event", {"outcome": "malformed", "line": 12}),
    (D(3, "23:30"), "event", {"outcome": "processed", "event": "App Opened", "line": 13}),
    (D(3, "23:30"), "timer_armed", {"rule": "inactive", "due": D(5, "23:30"), "rearmed": True}),
    (D(4, "10:00"), "timer_fired", {"rule": "nudge", "due": D(4, "10:00"), "timer": "rule"}),
    (D(4, "10:00"), "delivered", {"rule": "nudge", "template": "create-first-project"}),
    (D(5, "23:30"), "timer_fired", {"rule": "inactive", "timer": "rule"}),
    (D(5, "23:30"), "deferred", {"rule": "inactive", "template": "we-miss-you", "until": D(6, "08:00"),
                                 "quiet": "21:00..08:00"}),
    (D(6, "08:00"), "timer_fired", {"rule": "inactive", "timer": "deferred"}),
    (D(6, "08:00"), "delivered", {"rule": "inactive", "template": "we-miss-you"}),
    (D(6, "09:00"), "event", {"outcome": "processed", "event": "Project Created",
                              "properties": {"template": "blank"}}),
    (D(6, "09:00"), "enter", {"journey": "upsell", "holdout": True, "expires": D(9, "09:00")}),
    (D(6, "09:00"), "timer_armed", {"journey": "upsell", "rule": "pitch", "due": D(7, "09:00")}),
    (D(6, "09:00"), "timer_armed", {"journey": "activation", "rule": "inactive", "due": D(8, "09:00")}),
    (D(6, "09:00"), "suppressed", {"journey": "upsell", "rule": "thanks", "reason": "holdout", "detail": "100%"}),
    (D(6, "09:00"), "goal", {"journey": "activation", "event": "project_created", "ttv_ms": 255_600_000}),
    (D(6, "09:00"), "exit", {"journey": "activation", "reason": "goal", "event": "project_created"}),
    (D(7, "08:00"), "event", {"outcome": "processed", "event": "App Opened", "line": 16}),
    (D(7, "09:00"), "timer_fired", {"journey": "upsell", "rule": "pitch", "timer": "rule"}),
    (D(7, "09:00"), "skip", {"rule": "pitch", "clause": "unless", "line": 67,
                             "text": "unless app_opened within 1d"}),
    (D(8, "00:00"), "pending", {"journey": "upsell", "due": D(9, "09:00"), "timer": "exit_after"}),
]

failures = []


def expect(condition, message):
    if not condition:
        failures.append(message)


def trace(*args, stdin=None):
    with open(stdin) if stdin else open(os.devnull) as f:
        return subprocess.run([ONB, "trace", *args], stdin=f, capture_output=True, text=True)


def check_text():
    r = trace("ada", PROGRAM, EVENTS)
    expect(r.returncode == 0, f"text: exit {r.returncode}: {r.stderr}")
    expect(r.stderr == "", f"text: stderr is not empty: {r.stderr!r}")
    got, want = r.stdout.splitlines(), EXPECTED_TEXT.splitlines()
    for i, (g, w) in enumerate(zip(got, want)):
        expect(g == w, f"text line {i + 1}:\n   got {g!r}\n  want {w!r}")
    expect(len(got) == len(want), f"text: {len(got)} lines, want {len(want)}")
    return r.stdout


def check_json():
    r = trace("ada", PROGRAM, EVENTS, "--format", "json")
    expect(r.returncode == 0, f"json: exit {r.returncode}: {r.stderr}")
    entries = []
    for n, line in enumerate(r.stdout.splitlines(), 1):
        try:
            entries.append(json.loads(line))
        except ValueError as e:
            failures.append(f"json line {n} is not JSON ({e}): {line!r}")
            return []
    for i, (got, (t, kind, fields)) in enumerate(zip(entries, EXPECTED_JSON)):
        expect(got.get("t", "absent") == t and got.get("kind") == kind,
               f"json entry {i + 1}: {got.get('t')} {got.get('kind')}, want {t} {kind}")
        for key, value in fields.items():
            expect(got.get(key) == value, f"json entry {i + 1} ({kind}): {key} is {got.get(key)!r}, want {value!r}")
    expect(len(entries) == len(EXPECTED_JSON), f"json: {len(entries)} entries, want {len(EXPECTED_JSON)}")
    return entries


def main():
    global ONB
    ONB = sys.argv[1]

    text = check_text()
    entries = check_json()
    expect(len(entries) == len(text.splitlines()), "the text and JSON timelines differ in length")

    # Events on stdin: the same timeline.
    for fmt in ("text", "json"):
        r = trace("ada", PROGRAM, "--format", fmt, stdin=EVENTS)
        want = trace("ada", PROGRAM, EVENTS, "--format", fmt).stdout
        expect(r.returncode == 0 and r.stdout == want, f"stdin ({fmt}): a different timeline:\n{r.stdout}{r.stderr}")

    # --until fires the `exit after` timer still pending at the end of the input.
    r = trace("ada", PROGRAM, EVENTS, "--until", "2025-03-10T00:00:00Z")
    tail = r.stdout.splitlines()[-2:]
    expect(tail == ["2025-03-09 09:00:00.000  upsell: timer fired: exit after 3d",
                    "2025-03-09 09:00:00.000  upsell: exit: expired (exit after 3d)"],
           f"--until: the timeline ends with {tail}")
    expect("still pending" not in r.stdout, "--until: a timer is still pending")

    # Another user's timeline has only their own lines.
    r = trace("bob", PROGRAM, EVENTS, "--format", "json")
    bob = [json.loads(line) for line in r.stdout.splitlines()]
    lines = sorted(e["line"] for e in bob if e["kind"] == "event")
    expect(lines == [2, 4, 10, 14, 17], f"bob: input lines {lines}, want 2 4 10 14 17")
    welcome = [e for e in bob if e["kind"] == "delivered" and e.get("rule") == "welcome"]
    expect(len(welcome) == 1 and welcome[0]["vars"] == {"name": "there"},
           f"bob: the welcome send is {welcome}")

    # A user with no input line: exit 1, nothing on stdout, a message on stderr.
    r = trace("nobody", PROGRAM, EVENTS)
    expect(r.returncode == 1 and r.stdout == "" and "no input line of user `nobody` (17 lines read)" in r.stderr,
           f"unknown user: exit {r.returncode}, stdout {r.stdout!r}, stderr {r.stderr!r}")

    # A bad format is a usage error.
    r = trace("ada", PROGRAM, EVENTS, "--format", "yaml")
    expect(r.returncode == 2, f"--format yaml: exit {r.returncode}, want 2")

    for f in failures:
        print("FAIL:", f)
    if not failures:
        print(f"trace: ada's timeline of {len(entries)} entries as text and JSON, stdin, --until, bob, unknown user")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
