#!/usr/bin/env python3
"""`onb report` in a real browser: headless Chromium loads the report of the bundled
example and of a metrics file full of nulls, and the test checks what it rendered.

    browser_test.py ONB SOURCE_DIR WORK_DIR

- the DOM Chromium rendered (--dump-dom) has the charts of every journey, and every
  figure it shows equals the metrics file's, with the rounding the page displays
  (check_report.py);
- the page logs nothing on the console (it has no script: any message is an error) and
  makes no network request (Chromium's net log lists none made for the page);
- a screenshot of the example's report is kept at WORK_DIR/report.png.

A control page with a console error and an external image proves both detectors work.
Exits 77 (skipped) when /usr/bin/chromium is not installed (scripts/ci/browser-deps.sh).
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_report  # noqa: E402

CHROMIUM = os.environ.get("ONB_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--enable-logging=stderr", "--v=0"]
SKIP = 77

# Every kind of null the metrics file can hold: no goal, no retention, an empty holdout,
# an empty journey, rules that never fired, nobody eligible yet.
EDGE_METRICS = {
    "until": "2025-03-10T00:00:00.000Z",
    "journeys": {
        "no_goal": {
            "entered": {"treatment": 12, "holdout": 0},
            "activation": None, "uplift": None, "ttv_ms": None, "ttv_histogram": None,
            "retention": None,
            "by_rule": {"hello": {"send": 12}, "quiet_one": {}},
            "handoffs_per_100_entered": 0,
        },
        "no_holdout": {
            "entered": {"treatment": 40, "holdout": 0},
            "activation": {"treatment": {"converted": 0, "rate": 0},
                           "holdout": {"converted": 0, "rate": None}},
            "uplift": None,
            "ttv_ms": {"treatment": None, "holdout": None},
            "retention": {d: {"treatment": {"eligible": 0, "retained": 0, "rate": None},
                              "holdout": {"eligible": 0, "retained": 0, "rate": None}}
                          for d in ("d1", "d7", "d30")},
            "by_rule": {"nudge": {"suppressed_consent": 40, "error": 1}},
            "handoffs_per_100_entered": 2.5,
        },
        "nobody": {
            "entered": {"treatment": 0, "holdout": 0},
            "activation": {"treatment": {"converted": 0, "rate": None},
                           "holdout": {"converted": 0, "rate": None}},
            "uplift": None,
            "ttv_ms": {"treatment": None, "holdout": None},
            "retention": None,
            "by_rule": {"r": {}},
            "handoffs_per_100_entered": None,
        },
    },
}

CONTROL_PAGE = """<!DOCTYPE html><html><head><title>control</title></head><body>
<img src="http://example.invalid/pixel.png"><script>console.error("control error");</script>
</body></html>
"""


def run(cmd, stdout=subprocess.PIPE):
    """Runs cmd, exits the test when it fails; stdout is captured unless a file is given."""
    result = subprocess.run(cmd, stdout=stdout, stderr=subprocess.PIPE, text=True)
    if result.returncode != 0:
        sys.exit(f"FAIL: {' '.join(cmd)} exited {result.returncode}:\n{result.stderr}")
    return result


def load(page_path, work, extra=()):
    """Loads the page; returns (DOM, console lines, URLs requested for the page)."""
    profile = tempfile.mkdtemp(prefix="chromium-profile-", dir=work)
    net_log = os.path.join(profile, "net-log.json")
    cmd = [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", f"--log-net-log={net_log}",
           "--dump-dom", *extra, "file://" + os.path.abspath(page_path)]
    try:
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    except subprocess.TimeoutExpired:
        sys.exit(f"FAIL: chromium did not finish loading {page_path} in 180 s")
    if result.returncode != 0 or "</html>" not in result.stdout:
        sys.exit(f"FAIL: chromium exited {result.returncode} on {page_path}:\n{result.stderr[-3000:]}")
    console = [line for line in result.stderr.splitlines() if ":CONSOLE" in line]
    requests = page_requests(net_log)
    shutil.rmtree(profile, ignore_errors=True)
    return result.stdout, console, requests


def page_requests(net_log):
    """URLs Chromium requested on behalf of a file:// page (its own background requests,
    which the closed network refuses anyway, are not the page's)."""
    try:
        with open(net_log) as f:
            log = json.load(f)
    except (OSError, ValueError):
        # Chromium may leave the last event unterminated when it exits.
        with open(net_log) as f:
            text = f.read().rstrip().rstrip(",")
        log = json.loads(text + ("]}" if not text.endswith("]}") else ""))
    names = {v: k for k, v in log["constants"]["logEventTypes"].items()}
    urls = []
    for event in log["events"]:
        params = event.get("params") or {}
        if names.get(event["type"]) != "URL_REQUEST_START_JOB" or "url" not in params:
            continue
        if str(params.get("network_isolation_key", "")).startswith("file://") and \
                not params["url"].startswith("file:"):
            urls.append(params["url"])
    return urls


def check_page(label, html_path, metrics, work, extra=()):
    dom, console, requests = load(html_path, work, extra)
    problems = check_report.check(check_report.parse(dom), metrics)
    problems += [f"console: {line}" for line in console]
    problems += [f"network request: {url}" for url in requests]
    page = check_report.parse(dom)
    print(f"{label}: {len(page.figures)} figures, {len(page.svgs)} charts checked in the rendered DOM")
    return [f"{label}: {p}" for p in problems]


def main():
    onb, source, work = sys.argv[1], sys.argv[2], sys.argv[3]
    if not os.access(CHROMIUM, os.X_OK):
        print(f"SKIP: {CHROMIUM} is not installed (scripts/ci/browser-deps.sh installs it)")
        return SKIP
    started = time.monotonic()
    os.makedirs(work, exist_ok=True)
    events = os.path.join(work, "events.jsonl")
    with open(events, "w") as f:
        run([sys.executable, os.path.join(source, "examples/data/generate_events.py")], stdout=f)
    metrics_path = os.path.join(work, "metrics.json")
    run([onb, "run", os.path.join(source, "examples/saas/onboarding.onb"), events,
         "--metrics", metrics_path, "-o", os.devnull])
    report = os.path.join(work, "report.html")
    run([onb, "report", metrics_path, "-o", report])
    with open(metrics_path) as f:
        metrics = json.load(f)

    edge_metrics_path = os.path.join(work, "edge-metrics.json")
    with open(edge_metrics_path, "w") as f:
        json.dump(EDGE_METRICS, f)
    edge_report = os.path.join(work, "edge-report.html")
    run([onb, "report", edge_metrics_path, "-o", edge_report])

    control = os.path.join(work, "control.html")
    with open(control, "w") as f:
        f.write(CONTROL_PAGE)

    screenshot = os.path.join(work, "report.png")
    if os.path.exists(screenshot):
        os.remove(screenshot)
    problems = check_page("example report", report, metrics, work,
                          [f"--screenshot={screenshot}", "--window-size=1280,2000"])
    problems += check_page("null-heavy report", edge_report, EDGE_METRICS, work)

    _, console, requests = load(control, work)
    if not any("control error" in line for line in console):
        problems.append("control page: its console error was not detected; the console check is blind")
    if "http://example.invalid/pixel.png" not in requests:
        problems.append(f"control page: its external image was not seen in the net log ({requests})")

    if not os.path.exists(screenshot) or os.path.getsize(screenshot) < 10_000:
        problems.append(f"no screenshot at {screenshot}")
    for p in problems:
        print("FAIL:", p)
    print(f"screenshot: {screenshot}")
    print(f"report_browser: {'failed' if problems else 'passed'} in {time.monotonic() - started:.1f}s")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
