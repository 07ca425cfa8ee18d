"""Checks an `onb report` page against the metrics file it shows (used by browser_test.py
on the DOM that Chromium renders, and by report_cli_test.py on the HTML file itself).

Every figure the page shows is an element with data-k (its path in the metrics file, or a
sum the report makes: `total.*`, `journeys.<j>.total.*`, `journeys.<j>.rule_total.<r>`),
data-f (its format) and data-v (its exact value); see cli/report/figure_format.hpp. This
module formats values the way the report promises and compares.
"""
from html.parser import HTMLParser

SUPPRESSED = ("suppressed_holdout", "suppressed_consent", "suppressed_limit", "suppressed_cap")
CHARTS = ("activation", "uplift", "ttv", "retention", "rules")


def fmt_duration(ms):
    ms = int(ms)
    if ms < 0:
        return "-" + fmt_duration(-ms)
    second, minute, hour, day = 1000, 60_000, 3_600_000, 86_400_000
    if ms >= day:
        return f"{ms // day}d {ms % day // hour}h"
    if ms >= hour:
        return f"{ms // hour}h {ms % hour // minute}m"
    if ms >= minute:
        return f"{ms // minute}m {ms % minute // second}s"
    if ms >= second:
        return f"{ms // second}s"
    return f"{ms}ms"


FORMATS = {
    "count": lambda v: f"{int(v):,}",
    "pct": lambda v: f"{v * 100:.1f}%",
    "pp": lambda v: f"{v * 100:+.1f} pp",
    "dur": fmt_duration,
    "dec": lambda v: f"{v:.1f}",
}


class Page(HTMLParser):
    """The figures (key, format, value, text), the SVG charts (id, journey section) and
    every URL the page refers to."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.figures = []
        self.svgs = []
        self.urls = []
        self._open = None  # [tag, attrs, text parts, depth]
        self._section = []  # (tag depth marker) stack of data-journey
        self._depth = 0
        self._in_style = False
        self.style = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self._depth += 1
        for name in ("src", "href", "xlink:href", "poster", "data"):
            if a.get(name):
                self.urls.append(a[name])
        if tag == "section":
            self._section.append((self._depth, a.get("data-journey")))
        if tag == "svg":
            self.svgs.append((a.get("id", ""), self._section[-1][1] if self._section else None))
        if tag == "style":
            self._in_style = True
        if "data-k" in a:
            self._open = [tag, a, [], self._depth]

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if self._open and self._open[3] == self._depth:
            _, a, parts, _ = self._open
            self.figures.append((a["data-k"], a.get("data-f"), a.get("data-v"), "".join(parts)))
            self._open = None
        if self._section and self._section[-1][0] == self._depth:
            self._section.pop()
        if tag == "style":
            self._in_style = False
        self._depth -= 1

    def handle_data(self, data):
        if self._open:
            self._open[2].append(data)
        if self._in_style:
            self.style += data


def parse(html):
    page = Page()
    page.feed(html)
    page.close()
    return page


def _rule_sum(journey, counter):
    return sum(counts.get(counter, 0) for counts in journey["by_rule"].values())


def _derived(journey, what):
    if what == "entered":
        return journey["entered"]["treatment"] + journey["entered"]["holdout"]
    if what == "suppressed":
        return sum(_rule_sum(journey, s) for s in SUPPRESSED)
    return _rule_sum(journey, what)


def resolve(metrics, key):
    """The value a figure key names, or raises KeyError."""
    parts = key.split(".")
    journeys = metrics["journeys"]
    if parts[0] == "total":
        if parts[1] == "journeys":
            return len(journeys)
        return sum(_derived(j, parts[1]) for j in journeys.values())
    if parts[0] != "journeys":
        raise KeyError(key)
    journey = journeys[parts[1]]
    rest = parts[2:]
    if rest[0] == "total":
        return _derived(journey, rest[1])
    if rest[0] == "rule_total":
        return sum(journey["by_rule"][rest[1]].values())
    value = journey
    for p in rest:
        value = value[int(p)] if isinstance(value, list) else value[p]
    return value


def expected_keys(metrics):
    """The figures of the metrics file the page must show."""
    for name, j in metrics["journeys"].items():
        p = f"journeys.{name}."
        yield p + "entered.treatment"
        yield p + "entered.holdout"
        if j["activation"] is not None:
            for c in ("treatment", "holdout"):
                yield p + f"activation.{c}.converted"
                if j["activation"][c]["rate"] is not None:
                    yield p + f"activation.{c}.rate"
                if j["ttv_ms"][c] is not None:
                    yield p + f"ttv_ms.{c}.median"
                    yield p + f"ttv_ms.{c}.p90"
        if j["uplift"] is not None:
            yield p + "uplift.activation"
            yield p + "uplift.ci95.0"
            yield p + "uplift.ci95.1"
        if j["retention"] is not None:
            for d in ("d1", "d7", "d30"):
                for c in ("treatment", "holdout"):
                    r = j["retention"][d][c]
                    yield p + f"retention.{d}.{c}.eligible"
                    yield p + f"retention.{d}.{c}.retained"
                    if r["rate"] is not None:
                        yield p + f"retention.{d}.{c}.rate"
        for rule, counts in j["by_rule"].items():
            for counter in counts:
                yield p + f"by_rule.{rule}.{counter}"
        if j["handoffs_per_100_entered"] is not None:
            yield p + "handoffs_per_100_entered"


def check(page, metrics):
    """Problems found (empty when the page shows the metrics faithfully)."""
    problems = []
    for key, fmt, exact, text in page.figures:
        try:
            value = resolve(metrics, key)
        except (KeyError, IndexError, ValueError, TypeError):
            problems.append(f"{key}: the page shows {text!r} for a figure the metrics file does not have")
            continue
        if value is None:
            problems.append(f"{key}: the page shows {text!r} where the metrics file has null")
            continue
        if fmt not in FORMATS:
            problems.append(f"{key}: unknown format {fmt!r}")
            continue
        if float(exact) != float(value):
            problems.append(f"{key}: data-v {exact} but the metrics file has {value}")
        want = FORMATS[fmt](value)
        if text != want:
            problems.append(f"{key}: shows {text!r}, the metrics file's {value} displays as {want!r}")
    shown = {key for key, _, _, _ in page.figures}
    for key in expected_keys(metrics):
        if key not in shown:
            problems.append(f"{key}: in the metrics file but not shown")
    for name in metrics["journeys"]:
        ids = {svg_id for svg_id, journey in page.svgs if journey == name}
        for chart in CHARTS:
            if f"{chart}-{name}" not in ids:
                problems.append(f"journey {name}: no {chart} chart (svg#{chart}-{name})")
    if not any(svg_id == "overview" for svg_id, _ in page.svgs):
        problems.append("no overview chart")
    for url in page.urls:
        if not url.startswith("#"):
            problems.append(f"the page refers to {url!r}: it must be self-contained")
    if "url(" in page.style or "@import" in page.style:
        problems.append("the stylesheet loads something (url() or @import)")
    return problems
