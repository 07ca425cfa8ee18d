#include "cli/report/html_report.hpp"

#include <fmt/format.h>

#include "cli/report/charts.hpp"
#include "cli/report/figure_format.hpp"

namespace onb::report {

namespace {

// Colours meet WCAG AA contrast on white for text; chart colours are Okabe-Ito (charts.hpp).
constexpr const char* kStyle = R"css(
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #f6f8fa; color: #1f2328;
       font: 15px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", "Liberation Sans", sans-serif; }
header, main, footer { max-width: 1200px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 24px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 21px; margin: 0 0 12px; }
h3 { font-size: 15px; margin: 0 0 6px; }
.meta { color: #57606a; margin: 0 0 16px; }
.totals, .kpis { display: flex; flex-wrap: wrap; gap: 10px; margin: 0 0 18px; padding: 0; }
.totals div, .kpis div { background: #fff; border: 1px solid #d0d7de; border-radius: 8px; padding: 8px 14px; min-width: 130px; }
.totals dt, .kpis dt { font-size: 12.5px; color: #57606a; }
.totals dd, .kpis dd { margin: 0; font-size: 19px; font-weight: 600; }
.kpis dd .sub { font-size: 13px; font-weight: 400; color: #57606a; }
section { background: #fff; border: 1px solid #d0d7de; border-radius: 10px; padding: 18px 20px; margin: 0 0 22px; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(560px, 1fr)); gap: 14px 20px; }
figure { margin: 0; }
figure.wide { grid-column: 1 / -1; }
figcaption { font-weight: 600; margin-bottom: 4px; }
svg.chart { max-width: 100%; height: auto; display: block; overflow: visible; }
svg text { fill: #1f2328; }
svg .lbl { font-size: 13px; }
svg .strong { font-weight: 600; }
svg .val { font-size: 14px; font-weight: 700; }
svg .big { font-size: 20px; font-weight: 700; }
svg .small { font-size: 11.5px; }
svg .tiny { font-size: 10px; fill: #424a53; }
svg .axis { font-size: 11px; fill: #57606a; }
svg .note { font-size: 13px; fill: #57606a; font-style: italic; }
svg a { fill: #0550ae; text-decoration: underline; }
footer { color: #57606a; font-size: 13px; padding-bottom: 32px; }
footer dt { font-weight: 600; color: #1f2328; }
footer dd { margin: 0 0 6px; }
@media print { body { background: #fff; } section { break-inside: avoid; } }
)css";

std::string span(std::string_view key, double value, FigureFormat format) {
  return figureMarkup("span", key, value, format);
}

std::string card(std::string_view term, const std::string& value) {
  return fmt::format("<div><dt>{}</dt><dd>{}</dd></div>\n", escapeXml(term), value);
}

uint64_t suppressedTotal(const JourneyFigures& j) {
  uint64_t n = 0;
  for (int k = kFirstSuppressed; k <= kLastSuppressed; ++k) n += j.total(k);
  return n;
}

std::string header(const MetricsFile& file, const ReportInfo& info) {
  uint64_t entered = 0, suppressed = 0;
  std::array<uint64_t, kRuleCounters.size()> counters{};
  for (const JourneyFigures& j : file.journeys) {
    entered += j.entered();
    suppressed += suppressedTotal(j);
    for (size_t k = 0; k < counters.size(); ++k) counters[k] += j.total(static_cast<int>(k));
  }
  std::string out = "<header>\n<h1>Journey report</h1>\n<p class=\"meta\">";
  out += file.until ? fmt::format("Until <time id=\"until\" datetime=\"{0}\">{0}</time>", escapeXml(*file.until))
                    : std::string("Until: not set (the run read no events)");
  out += fmt::format(" \u00b7 from {} \u00b7 onb {}</p>\n<dl class=\"totals\">\n", escapeXml(info.source),
                     escapeXml(info.version));
  out += card("Journeys", span("total.journeys", static_cast<double>(file.journeys.size()), FigureFormat::Count));
  out += card("Users entered", span("total.entered", static_cast<double>(entered), FigureFormat::Count));
  out += card("Sends", span("total.send", static_cast<double>(counters[0]), FigureFormat::Count));
  out += card("Hand-offs", span("total.handoff", static_cast<double>(counters[1]), FigureFormat::Count));
  if (counters[2]) out += card("Emits", span("total.emit", static_cast<double>(counters[2]), FigureFormat::Count));
  out += card("Deferred (quiet hours)", span("total.deferred", static_cast<double>(counters[3]), FigureFormat::Count));
  out += card("Suppressed", span("total.suppressed", static_cast<double>(suppressed), FigureFormat::Count));
  if (counters[8]) out += card("Errors", span("total.error", static_cast<double>(counters[8]), FigureFormat::Count));
  return out + "</dl>\n</header>\n";
}

std::string keyFigures(const JourneyFigures& j) {
  auto key = [&](std::string_view rest) { return figureKey(j, rest); };
  std::string out = "<dl class=\"kpis\">\n";
  out += card("Entered", span(key("total.entered"), static_cast<double>(j.entered()), FigureFormat::Count) +
                             " <span class=\"sub\">" +
                             span(key("entered.holdout"), static_cast<double>(j.cohorts[kHoldout].entered),
                                  FigureFormat::Count) +
                             " in holdout</span>");
  const CohortFigures& t = j.cohorts[kTreatment];
  const CohortFigures& h = j.cohorts[kHoldout];
  if (j.hasGoal) {
    auto rate = [&](const CohortFigures& c, int k) {
      return c.rate ? span(key(fmt::format("activation.{}.rate", kCohortNames[k])), *c.rate, FigureFormat::Percent)
                    : std::string("n/a");
    };
    out += card("Activation", rate(t, kTreatment) + " <span class=\"sub\">vs " + rate(h, kHoldout) + " holdout</span>");
    out += card("Uplift", j.uplift ? span(key("uplift.activation"), j.uplift->activation, FigureFormat::Points)
                                   : std::string("n/a"));
    out += card("Median time to value",
                t.ttvMedian ? span(key("ttv_ms.treatment.median"), static_cast<double>(*t.ttvMedian),
                                   FigureFormat::Duration)
                            : std::string("n/a"));
  } else {
    out += card("Activation", "no goal");
  }
  if (j.hasRetention) {
    const RetentionFigures& d7 = t.retention[1];
    out += card("D7 retention", d7.rate ? span(key("retention.d7.treatment.rate"), *d7.rate, FigureFormat::Percent)
                                        : std::string("n/a"));
  }
  out += card("Sends", span(key("total.send"), static_cast<double>(j.total(0)), FigureFormat::Count));
  out += card("Hand-offs per 100 entered",
              j.handoffsPer100 ? span(key("handoffs_per_100_entered"), *j.handoffsPer100, FigureFormat::Decimal)
                               : std::string("n/a"));
  out += card("Suppressed", span(key("total.suppressed"), static_cast<double>(suppressedTotal(j)), FigureFormat::Count));
  return out + "</dl>\n";
}

std::string figure(std::string_view caption, const std::string& svg, bool wide = false) {
  return fmt::format("<figure{}>\n<figcaption>{}</figcaption>\n{}</figure>\n", wide ? " class=\"wide\"" : "",
                     escapeXml(caption), svg);
}

std::string journeySection(const JourneyFigures& j) {
  std::string out = fmt::format("<section class=\"journey\" id=\"j-{0}\" data-journey=\"{0}\">\n<h2>{0}</h2>\n",
                                escapeXml(j.name));
  out += keyFigures(j);
  out += "<div class=\"grid\">\n";
  out += figure("Activation per cohort", activationChart(j));
  out += figure("Uplift of activation (95% confidence interval)", upliftChart(j));
  out += figure("Time to value", ttvChart(j));
  out += figure("Retention (D1, D7, D30)", retentionChart(j));
  out += figure("Sends, hand-offs and suppressions per rule", ruleChart(j), true);
  return out + "</div>\n</section>\n";
}

constexpr const char* kFooter = R"html(<footer>
<h3>How to read this report</h3>
<dl>
<dt>Treatment and holdout</dt><dd>Holdout users go through the journey but every action they would get is suppressed; comparing the cohorts measures what the journey's messages and hand-offs change.</dd>
<dt>Activation</dt><dd>Share of entered users who reached the journey's goal within its window.</dd>
<dt>Uplift</dt><dd>Treatment activation minus holdout activation, in percentage points, with a 95% Wald interval; an interval that includes 0 is not significant.</dd>
<dt>Time to value</dt><dd>Time from entry to the goal, for users who converted: median and 90th percentile (nearest rank).</dd>
<dt>Retention</dt><dd>Share of users with the journey's retention event on day 1, 7 or 30 after entry, among the users whose day had fully passed by the end of the run.</dd>
<dt>Per rule</dt><dd>Delivered actions, deferrals by quiet hours and suppressions by reason: holdout, consent (the channel's requirement was false), limit (the rule's limit or once), cap (a frequency cap).</dd>
</dl>
</footer>
)html";

}  // namespace

std::string htmlReport(const MetricsFile& file, const ReportInfo& info) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>Journey report</title>\n<style>";
  out += kStyle;
  out += "</style>\n</head>\n<body>\n";
  out += header(file, info);
  out += "<main>\n<section class=\"overview\">\n<h2>Overview</h2>\n";
  out += overviewChart(file);
  out += "</section>\n";
  for (const JourneyFigures& j : file.journeys) out += journeySection(j);
  out += "</main>\n";
  out += kFooter;
  return out + "</body>\n</html>\n";
}

}  // namespace onb::report
