#!/usr/bin/env python3
"""`onb test` as a journey author and a CI system use it (docs/testing.md): the example
tests pass and every example journey has some; a failing test file exits 1 with a readable
diff; --run; the JSON and JUnit reports parse and say the same as the text; -o; --coverage
counts what the tests really did; test-file and program errors.

    onb_test_cli.py ONB SOURCE_DIR WORK_DIR
"""
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

failures = []


def expect(condition, message):
    if not condition:
        failures.append(message)


def onb(*args, cwd=None):
    return subprocess.run([ONB, "test", *args], capture_output=True, text=True, cwd=cwd)


def write(name, text):
    path = os.path.join(WORK, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


# A passing test and a failing one (the nudge comes a day after the signup, not two).
FAILING = """import "activation.onb"

test "the welcome uses the first name" {
  user ada { first_name: "Ada", email_consent: true }
  track signed_up
  expect send email "welcome" with { name: "Ada" } at +0s
}

test "the nudge on day two" {
  user ada { first_name: "Ada", email_consent: true }
  track signed_up
  advance +2d
  expect send email "create-first-project" at +2d
}

test "exactly the welcome & the checklist" {
  user cleo { email_consent: true }
  track signed_up
  expect exactly {
    enter activation
    send email "welcome" with { name: "Cleo" }
    send in_app "getting-started-checklist"
  }
}
"""

# What each rule of activation.onb does in these tests, for --coverage:
#   welcome: fired (ada, dev), suppressed (bob: no consent), deferred (ned: 22:00 in New York);
#   welcome_banner: fired (ada, bob, dev), deferred (ned);
#   developer_docs: skipped (bob is no developer), never fired;
#   first_project_nudge: fired (ada, day one), skipped (dev had a project before signing up);
#   stuck_in_setup, sms_rescue: nothing at all.
COVERAGE = """import "activation.onb"

test "ada" {
  user ada { email_consent: true }
  track signed_up
  advance +1d
  expect send email "create-first-project"
}

test "bob" {
  user bob { role: "analyst" }
  track signed_up
  at +1h track project_created
  expect suppressed consent send email "welcome"
  expect skipped if rule developer_docs
}

test "ned" {
  at 2025-01-06T03:00:00Z user ned { email_consent: true, timezone: "America/New_York" }
  track signed_up
  expect deferred send email "welcome" until 2025-01-06T13:00:00Z
}

test "dev" {
  user dev { email_consent: true }
  track project_created
  at +10m track signed_up
  advance +1d
  expect skipped unless rule first_project_nudge
}
"""


def check_examples():
    r = onb("examples", cwd=SOURCE)
    expect(r.returncode == 0, f"onb test examples: exit {r.returncode}\n{r.stdout}{r.stderr}")
    m = re.search(r"^(\d+) tests: (\d+) passed, 0 failed$", r.stdout, re.M)
    expect(m is not None and m.group(1) == m.group(2), f"onb test examples: summary\n{r.stdout}")
    expect("FAIL" not in r.stdout, "onb test examples: a test failed")
    # Every example file that declares a journey has a test file of the same name beside it.
    for folder, _, names in os.walk(os.path.join(SOURCE, "examples")):
        for name in names:
            if not name.endswith(".onb"):
                continue
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                has_journey = re.search(r"^\s*journey\s", f.read(), re.M)
            tests = os.path.join(folder, name[:-4] + ".onbt")
            expect(not has_journey or os.path.exists(tests), f"{folder}/{name} has journeys but no {tests}")
            if has_journey and os.path.exists(tests):
                rel = os.path.relpath(tests, SOURCE)
                expect(f"PASS  {rel}:" in r.stdout, f"no passing test of {rel}")


def check_failing_text(path):
    r = onb(path)
    out = r.stdout
    expect(r.returncode == 1, f"failing file: exit {r.returncode}, expected 1\n{out}{r.stderr}")
    expect(f"PASS  {path}:3  the welcome uses the first name\n" in out, f"failing file: no PASS line\n{out}")
    expect(f"FAIL  {path}:9  the nudge on day two\n" in out, f"failing file: no FAIL line\n{out}")
    expect(f"FAIL  {path}:16  exactly the welcome & the checklist\n" in out, f"failing file: no exact FAIL line\n{out}")
    expect("3 tests: 1 passed, 2 failed\n" in out, f"failing file: summary\n{out}")
    # The diff: where, what was expected, the closest record and how it differs, the records.
    expect(f'{path}:13:10: expected send email "create-first-project" at +2d (user ada): no record matches' in out,
           f"failing file: the expectation and its place\n{out}")
    expect("closest record #4: at: expected +2d (2025-01-08T09:00:00.000Z), got +1d (2025-01-07T09:00:00.000Z)" in out,
           f"failing file: the field difference\n{out}")
    expect(re.search(r'^\s*> #4 +\+1d +2025-01-07T09:00:00\.000Z  send email "create-first-project" '
                     r'rule activation\.first_project_nudge', out, re.M) is not None,
           f"failing file: the record in question, marked\n{out}")
    expect(re.search(r'^\s*#1 +\+0s +2025-01-06T09:00:00\.000Z  enter activation$', out, re.M) is not None,
           f"failing file: the records of the test\n{out}")
    # The exact block: the second record differs in its vars.
    expect(f'{path}:21:5: expect exactly (user cleo): record #2 does not match send email "welcome" with {{ name: "Cleo" }}'
           in out, f"failing file: the exact mismatch\n{out}")
    expect('vars.name: expected "Cleo", got "there"' in out, f"failing file: the exact mismatch's difference\n{out}")


def check_run_filter(path):
    r = onb("--run", "^the welcome", path)
    expect(r.returncode == 0, f"--run: exit {r.returncode}\n{r.stdout}{r.stderr}")
    expect("1 test: 1 passed, 0 failed\n" in r.stdout and "nudge" not in r.stdout, f"--run: selection\n{r.stdout}")
    r = onb("--run", "nudge|exactly", path)
    expect(r.returncode == 1 and "2 tests: 0 passed, 2 failed\n" in r.stdout, f"--run alternatives\n{r.stdout}")
    r = onb("--run", "(", path)
    expect(r.returncode == 2 and "regular expression" in r.stderr, f"--run with a bad regex: {r.returncode} {r.stderr}")


def check_json(path):
    r = onb("--format", "json", path)
    expect(r.returncode == 1, f"json: exit {r.returncode}")
    try:
        report = json.loads(r.stdout)
    except json.JSONDecodeError as e:
        failures.append(f"json: not JSON ({e})\n{r.stdout}")
        return
    expect(report["summary"] == {"tests": 3, "passed": 1, "failed": 2, "not_run": 0}, f"json: summary {report['summary']}")
    expect(report["errors"] == [], "json: errors")
    tests = report["tests"]
    expect([(t["name"], t["status"], t["line"]) for t in tests] ==
           [("the welcome uses the first name", "pass", 3), ("the nudge on day two", "fail", 9),
            ("exactly the welcome & the checklist", "fail", 16)], f"json: tests {tests}")
    expect(all(t["file"] == path and isinstance(t["time_ms"], (int, float)) for t in tests), "json: file, time_ms")
    expect("failure" not in tests[0] and "records" not in tests[0], "json: a passing test has no failure or records")
    f = tests[1]["failure"]
    expect((f["kind"], f["file"], f["line"], f["column"], f["record"], f["checked"]) == ("missing", path, 13, 10, 4, [1, 4]),
           f"json: failure {f}")
    expect(any("got +1d" in n for n in f["notes"]), f"json: notes {f['notes']}")
    records = tests[1]["records"]
    expect([x["kind"] for x in records] == ["enter", "send", "send", "send"], f"json: records {records}")
    expect(records[3]["template"] == "create-first-project" and records[3]["t"] == "2025-01-07T09:00:00.000Z",
           f"json: record 4 {records[3]}")
    expect(tests[2]["failure"]["kind"] == "exact_mismatch", f"json: exact {tests[2]['failure']}")
    # -v adds the records of passing tests.
    r = onb("--format", "json", "-v", path)
    expect("records" in json.loads(r.stdout)["tests"][0], "json -v: records of a passing test")


def check_junit(path):
    out = os.path.join(WORK, "report.xml")
    r = onb("--format", "junit", "-o", out, path)
    expect(r.returncode == 1, f"junit: exit {r.returncode}")
    expect(r.stdout == "", "junit -o: nothing on stdout")
    expect("1 passed, 2 failed" in r.stderr, f"junit -o: summary on stderr {r.stderr}")
    try:
        root = ET.parse(out).getroot()
    except (ET.ParseError, OSError) as e:
        failures.append(f"junit: not XML ({e})")
        return
    expect(root.tag == "testsuites" and root.get("tests") == "3" and root.get("failures") == "2", f"junit: {root.attrib}")
    cases = root.findall("testsuite/testcase")
    expect([c.get("name") for c in cases] ==
           ["the welcome uses the first name", "the nudge on day two", "exactly the welcome & the checklist"],
           "junit: test cases")
    expect(cases[0].find("failure") is None, "junit: the passing test has no failure")
    failure = cases[1].find("failure")
    expect(failure is not None and failure.get("type") == "missing" and "no record matches" in failure.get("message")
           and "closest record #4" in failure.text, "junit: the failure and its diff")


def check_coverage(path):
    r = onb("--coverage", "--format", "json", path)
    expect(r.returncode == 0, f"coverage: exit {r.returncode}\n{r.stdout}{r.stderr}")
    cov = json.loads(r.stdout)["coverage"]
    rules = {x["rule"]: x for x in cov["rules"]}
    counts = {name: (x["fired"], x["suppressed"], x["deferred"], x["skipped"], x["errors"]) for name, x in rules.items()}
    expect(counts == {"welcome": (2, 1, 1, 0, 0), "welcome_banner": (3, 0, 1, 0, 0),
                      "first_project_nudge": (1, 0, 0, 1, 0), "developer_docs": (0, 0, 0, 1, 0),
                      "stuck_in_setup": (0, 0, 0, 0, 0), "sms_rescue": (0, 0, 0, 0, 0)}, f"coverage: counts {counts}")
    expect(rules["welcome"]["file"].endswith("activation.onb") and rules["welcome"]["line"] == 12,
           f"coverage: place {rules['welcome']}")
    expect(sorted(cov["never_fired"]) == ["activation.developer_docs", "activation.sms_rescue", "activation.stuck_in_setup"],
           f"coverage: never fired {cov['never_fired']}")
    r = onb("--coverage", path)
    expect("coverage: 6 rules, 3 fired by some test, 3 never fired" in r.stdout, f"coverage text\n{r.stdout}")
    expect(re.search(r"^never fired by any test:\n  activation\.developer_docs ", r.stdout, re.M) is not None,
           f"coverage text: never fired\n{r.stdout}")
    # With JUnit the table goes to stderr.
    r = onb("--coverage", "--format", "junit", path)
    expect("coverage: 6 rules" in r.stderr and "coverage:" not in r.stdout, "coverage with junit: on stderr")
    # The examples fire every rule they declare.
    r = onb("--coverage", "--format", "json", "examples", cwd=SOURCE)
    cov = json.loads(r.stdout)["coverage"]
    expect(cov["never_fired"] == [] and len(cov["rules"]) >= 20, f"coverage of the examples: {cov['never_fired']}")


def matches_shown(shown, actual):
    """`shown` (lines, `...` standing for any lines) is the whole of `actual`."""
    parts = [[]]
    for line in shown:
        if line == "...":
            parts.append([])
        else:
            parts[-1].append(line)
    pos = 0
    for i, part in enumerate(parts):
        if i == 0:
            if actual[:len(part)] != part:
                return False
            pos = len(part)
            continue
        found = next((k for k in range(pos, len(actual) - len(part) + 1) if actual[k:k + len(part)] == part), None)
        if found is None:
            return False
        pos = found + len(part)
    return pos == len(actual) if parts[-1] else True


def check_docs():
    """docs/testing.md: its complete example passes as written, and every `$ onb test`
    session it shows prints what it shows (the failing one on the example with the change
    the page describes)."""
    with open(os.path.join(SOURCE, "docs", "testing.md"), encoding="utf-8") as f:
        doc = f.read()
    example = re.search(r"```onbt\n(.*?)```", doc, re.S).group(1)
    broken = example.replace('with { name: "Ada" } at +1d\n', 'with { name: "Ada" } at +2d\n', 1)
    expect(broken != example, "docs: the line the Failures section changes is not in the example")
    folder = os.path.join(WORK, "doc")
    os.makedirs(folder, exist_ok=True)
    for name in ("schema.onb", "activation.onb"):
        shutil.copy(os.path.join(SOURCE, "examples", "saas", name), folder)
    sessions = re.findall(r"```\n\$ onb test (.*?)\n(.*?)```", doc, re.S)
    expect(len(sessions) >= 4, f"docs: {len(sessions)} `$ onb test` sessions")
    for command, shown in sessions:
        args = shlex.split(command)
        shown = shown.rstrip("\n").split("\n")
        with open(os.path.join(folder, "activation.onbt"), "w", encoding="utf-8") as f:
            f.write(broken if any(line.startswith("FAIL") for line in shown) else example)
        r = onb(*args, cwd=SOURCE if "examples/" in args else folder)
        expect(matches_shown(shown, r.stdout.rstrip("\n").split("\n")),
               f"docs: `onb test {command}` prints\n{r.stdout}\nbut the page shows\n" + "\n".join(shown))


def check_errors():
    typo = write("typo.onbt", 'import "activation.onb"\n\ntest "typo" {\n  track signed_upp\n  expect enter\n}\n')
    r = onb(typo)
    expect(r.returncode == 2, f"a typo in a test file: exit {r.returncode}")
    expect(f"{typo}:4:9: error:" in r.stderr and "signed_up" in r.stderr, f"a typo: diagnostic\n{r.stderr}")
    broken = write("broken.onb", "journey j {\n  enter when nothing\n  rule r { when nothing send x \"y\" }\n}\n")
    tests = write("broken.onbt", 'import "broken.onb"\n\ntest "t" {\n  expect enter\n}\n')
    r = onb(tests)
    expect(r.returncode == 1 and "broken.onb:2" in r.stderr, f"a program with errors: {r.returncode}\n{r.stderr}")
    os.remove(broken)
    os.remove(tests)
    r = onb(os.path.join(WORK, "missing.onbt"))
    expect(r.returncode == 2, f"a missing path: exit {r.returncode}")


def main():
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    for name in ("schema.onb", "activation.onb"):
        shutil.copy(os.path.join(SOURCE, "examples", "saas", name), WORK)
    check_examples()
    failing = write("failing.onbt", FAILING)
    check_failing_text(failing)
    check_run_filter(failing)
    check_json(failing)
    check_junit(failing)
    os.remove(failing)
    coverage = write("coverage.onbt", COVERAGE)
    check_coverage(coverage)
    os.remove(coverage)
    check_errors()
    check_docs()
    for f in failures:
        print("FAILED:", f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    ONB, SOURCE, WORK = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]), os.path.abspath(sys.argv[3])
    sys.exit(main())
