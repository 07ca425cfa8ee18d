#!/usr/bin/env python3
"""`onb report` without a browser: the text summary, the HTML file's figures and
self-containedness, the run-the-program form, and the errors of bad input.

    report_cli_test.py ONB SOURCE_DIR WORK_DIR
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_report  # noqa: E402

failures = []


def expect(condition, message):
    if not condition:
        failures.append(message)


def onb(*args):
    return subprocess.run([ONB, *args], capture_output=True, text=True)


def pct(v):
    return check_report.FORMATS["pct"](v)


def count(v):
    return check_report.FORMATS["count"](v)


def summary_lines(metrics):
    """Lines the text summary must have, from the metrics file."""
    for name, j in metrics["journeys"].items():
        t, h = j["entered"]["treatment"], j["entered"]["holdout"]
        yield f"  entered        {count(t + h)} ({count(t)} treatment, {count(h)} holdout)"
        a = j["activation"]
        if a is None:
            yield "  activation     no goal declared"
            continue
        if a["treatment"]["rate"] is not None and a["holdout"]["rate"] is not None:
            yield (f"  activation     {pct(a['treatment']['rate'])} treatment ({count(a['treatment']['converted'])} of "
                   f"{count(t)}), {pct(a['holdout']['rate'])} holdout ({count(a['holdout']['converted'])} of {count(h)})")
        u = j["uplift"]
        if u is not None:
            pp = check_report.FORMATS["pp"]
            yield f"  uplift         {pp(u['activation'])} (95% CI {pp(u['ci95'][0])} to {pp(u['ci95'][1])}): "
        ttv = j["ttv_ms"]["treatment"]
        if ttv is not None:
            dur = check_report.fmt_duration
            yield f"  time to value  treatment median {dur(ttv['median'])}, p90 {dur(ttv['p90'])}"


def main():
    global ONB
    ONB, source, work = sys.argv[1], sys.argv[2], sys.argv[3]
    os.makedirs(work, exist_ok=True)
    program = os.path.join(source, "examples/saas/onboarding.onb")
    events = os.path.join(work, "events.jsonl")
    with open(events, "w") as f:
        subprocess.run([sys.executable, os.path.join(source, "examples/data/generate_events.py"), "--users", "400"],
                       stdout=f, check=True)
    metrics_path = os.path.join(work, "metrics.json")
    r = onb("run", program, events, "--metrics", metrics_path, "-o", os.devnull)
    expect(r.returncode == 0, f"onb run: {r.stderr}")
    with open(metrics_path) as f:
        metrics = json.load(f)

    # From the metrics file.
    html_path = os.path.join(work, "report.html")
    r = onb("report", metrics_path, "-o", html_path)
    expect(r.returncode == 0, f"onb report exited {r.returncode}: {r.stderr}")
    summary = r.stdout
    expect(summary.startswith(f"Journey report until {metrics['until']}: {len(metrics['journeys'])} journeys"),
           f"summary header: {summary[:120]!r}")
    for name in metrics["journeys"]:
        expect(f"\n{name}\n" in summary, f"summary has no section for {name}")
    for line in summary_lines(metrics):
        expect(line in summary, f"summary lacks {line!r}")
    for needed in ("D7 retention", "suppressed", "hand-offs", f"Report written to {html_path}"):
        expect(needed in summary, f"summary lacks {needed!r}")
    with open(html_path) as f:
        html = f.read()
    for p in check_report.check(check_report.parse(html), metrics):
        failures.append(f"report.html: {p}")
    expect("<script" not in html, "the page has a script")

    # Without -o: the summary only.
    r = onb("report", metrics_path)
    expect(r.returncode == 0 and r.stdout == summary.split("\nReport written")[0],
           "the summary without -o differs")

    # Running the program in-process gives the same figures.
    html2 = os.path.join(work, "report-run.html")
    r = onb("report", program, events, "-o", html2)
    expect(r.returncode == 0, f"onb report PROGRAM EVENTS exited {r.returncode}: {r.stderr}")
    expect(r.stdout.split("\nReport written")[0] == summary.split("\nReport written")[0],
           "PROGRAM EVENTS and the metrics file give different summaries")
    with open(html2) as f:
        expect(check_report.parse(f.read()).figures == check_report.parse(html).figures,
               "PROGRAM EVENTS and the metrics file give different figures")

    # Bad input: exit 2 and a message that says what is wrong and where.
    bad = os.path.join(work, "bad.json")

    def bad_file(text, *needles):
        with open(bad, "w") as f:
            f.write(text)
        r = onb("report", bad, "-o", os.path.join(work, "never.html"))
        expect(r.returncode == 2, f"bad file {text[:40]!r}: exit {r.returncode}, not 2")
        for needle in ("is not a metrics file", *needles):
            expect(needle in r.stderr, f"bad file {text[:40]!r}: {r.stderr.strip()!r} lacks {needle!r}")
        expect(not os.path.exists(os.path.join(work, "never.html")), "a report was written for a bad file")

    bad_file("this is not json", "not valid JSON")
    bad_file("[]", "expected an object, got an array")
    bad_file('{"until": null}', "missing `journeys`")
    broken = json.loads(json.dumps(metrics))
    broken["journeys"]["activation"]["entered"]["holdout"] = "many"
    bad_file(json.dumps(broken), "journeys.activation.entered.holdout: expected a count")
    broken = json.loads(json.dumps(metrics))
    del broken["journeys"]["activation"]["by_rule"]
    bad_file(json.dumps(broken), "journeys.activation: missing `by_rule`")

    r = onb("report", os.path.join(work, "missing.json"))
    expect(r.returncode == 2 and "cannot read" in r.stderr, f"missing file: {r.returncode} {r.stderr!r}")
    r = onb("report", metrics_path, "-o", os.path.join(work, "no-such-dir", "r.html"))
    expect(r.returncode == 2 and "cannot write" in r.stderr, f"unwritable output: {r.returncode} {r.stderr!r}")
    r = onb("report", "a", "b", "c")
    expect(r.returncode == 2, f"three inputs: exit {r.returncode}")
    broken_program = os.path.join(work, "broken.onb")
    with open(broken_program, "w") as f:
        f.write("journey j { enter when nothing_declared rule r { when x send email \"t\" } }\n")
    r = onb("report", broken_program, events)
    expect(r.returncode == 1, f"a program with errors: exit {r.returncode}, not 1")

    for f in failures:
        print("FAIL:", f)
    print(f"report_cli: {'failed' if failures else 'passed'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
