// Records per rule (stacked by kind and suppression reason) and the overview of journeys.
#include <algorithm>

#include <fmt/format.h>

#include "cli/report/charts.hpp"
#include "cli/report/figure_format.hpp"
#include "cli/report/svg_canvas.hpp"

namespace onb::report {

namespace {

constexpr const char* kAxisColour = "#57606a";

std::string fig(std::string_view key, double value, FigureFormat format) {
  return figureMarkup("tspan", key, value, format);
}

uint64_t ruleTotal(const RuleFigures& r) {
  uint64_t sum = 0;
  for (uint64_t n : r.counts) sum += n;
  return sum;
}

}  // namespace

std::string ruleChart(const JourneyFigures& j) {
  constexpr double kNameEnd = 190, kBar0 = 200, kBar1 = 930, kRowHeight = 50, kFirstRow = 44;
  const double height = kFirstRow + kRowHeight * static_cast<double>(std::max<size_t>(1, j.rules.size())) + 6;
  SvgCanvas svg(1140, height, "rules-" + j.name, "Records per rule: " + j.name,
                "For each rule, its delivered actions, deferrals by quiet hours, suppressions by reason (holdout, "
                "consent, limit, cap) and errors, as stacked bars with the counts written under each bar.");
  // The legend lists the kinds this journey has.
  double lx = kBar0;
  for (size_t k = 0; k < kRuleCounters.size(); ++k) {
    if (j.total(static_cast<int>(k)) == 0) continue;
    svg.rect(lx, 8, 12, 12, kCounterColours[k]);
    const std::string label = k >= kFirstSuppressed && k <= kLastSuppressed
                                  ? fmt::format("suppressed: {}", kCounterLabels[k])
                                  : std::string(kCounterLabels[k]);
    svg.label(lx + 16, 18, label, "small");
    lx += 30 + 6.5 * static_cast<double>(label.size());
  }
  if (j.rules.empty()) svg.label(kBar0, kFirstRow + 14, "This journey has no rules.", "note");
  uint64_t most = 1;
  for (const RuleFigures& r : j.rules) most = std::max(most, ruleTotal(r));
  for (size_t i = 0; i < j.rules.size(); ++i) {
    const RuleFigures& r = j.rules[i];
    const double top = kFirstRow + kRowHeight * static_cast<double>(i);
    svg.label(kNameEnd, top + 14, r.name, "lbl strong", Anchor::End);
    const uint64_t total = ruleTotal(r);
    if (total == 0) {
      svg.label(kBar0, top + 14, "no records (never fired)", "note");
      continue;
    }
    double x = kBar0;
    std::string parts;
    for (size_t k = 0; k < kRuleCounters.size(); ++k) {
      const uint64_t n = r.counts[k];
      if (!n) continue;
      const double w = (kBar1 - kBar0) * static_cast<double>(n) / static_cast<double>(most);
      svg.rect(x, top, w, 20, kCounterColours[k], fmt::format("{}: {} {}", r.name, formatCount(n), kRuleCounters[k]));
      x += w;
      if (!parts.empty()) parts += " \u00b7 ";
      parts += escapeXml(kCounterLabels[k]) + " " +
               fig(figureKey(j, fmt::format("by_rule.{}.{}", r.name, kRuleCounters[k])), static_cast<double>(n),
                   FigureFormat::Count);
    }
    svg.text(x + 6, top + 15,
             fig(figureKey(j, "rule_total." + r.name), static_cast<double>(total), FigureFormat::Count) + " records",
             "small");
    svg.text(kBar0, top + 36, parts, "small");
  }
  svg.line(kBar0, kFirstRow - 6, kBar0, height - 6, kAxisColour, 1);
  return svg.finish();
}

std::string overviewChart(const MetricsFile& file) {
  constexpr double kNameEnd = 180, kBar0 = 190, kBar1 = 520, kText = 532, kHand0 = 820, kHand1 = 1040;
  constexpr double kRowHeight = 34, kFirstRow = 38;
  const double height = kFirstRow + kRowHeight * static_cast<double>(std::max<size_t>(1, file.journeys.size())) + 4;
  SvgCanvas svg(1140, height, "overview", "Journeys at a glance",
                "Users who entered each journey (treatment and holdout) and hand-offs per 100 entered users.");
  svg.label(kBar0, 18, "Users entered", "lbl strong");
  svg.label(kHand0, 18, "Hand-offs per 100 entered", "lbl strong");
  if (file.journeys.empty()) svg.label(kBar0, kFirstRow + 14, "The metrics file has no journeys.", "note");
  uint64_t mostEntered = 1;
  double mostHandoffs = 0;
  for (const JourneyFigures& j : file.journeys) {
    mostEntered = std::max(mostEntered, j.entered());
    mostHandoffs = std::max(mostHandoffs, j.handoffsPer100.value_or(0));
  }
  for (size_t i = 0; i < file.journeys.size(); ++i) {
    const JourneyFigures& j = file.journeys[i];
    const double top = kFirstRow + kRowHeight * static_cast<double>(i);
    svg.text(kNameEnd, top + 14, fmt::format("<a href=\"#j-{0}\">{0}</a>", escapeXml(j.name)), "lbl strong",
             Anchor::End);
    double x = kBar0;
    for (int c = 0; c < 2; ++c) {
      const double w = (kBar1 - kBar0) * static_cast<double>(j.cohorts[c].entered) / static_cast<double>(mostEntered);
      svg.rect(x, top, w, 20, kCohortColours[c],
               fmt::format("{} {}: {} entered", j.name, kCohortNames[c], formatCount(j.cohorts[c].entered)));
      x += w;
    }
    svg.text(kText, top + 15,
             fig(figureKey(j, "entered.treatment"), static_cast<double>(j.cohorts[kTreatment].entered),
                 FigureFormat::Count) +
                 " treatment + " +
                 fig(figureKey(j, "entered.holdout"), static_cast<double>(j.cohorts[kHoldout].entered),
                     FigureFormat::Count) +
                 " holdout",
             "small");
    if (j.handoffsPer100) {
      const double w = mostHandoffs > 0 ? (kHand1 - kHand0) * *j.handoffsPer100 / mostHandoffs : 0;
      svg.rect(kHand0, top, w, 20, kCounterColours[1]);
      svg.text(kHand0 + w + 6, top + 15,
               fig(figureKey(j, "handoffs_per_100_entered"), *j.handoffsPer100, FigureFormat::Decimal), "small");
    } else {
      svg.label(kHand0, top + 15, "nobody entered", "note");
    }
  }
  return svg.finish();
}

}  // namespace onb::report
