// Time to value: one panel per cohort on a shared time axis, with the histogram of
// conversions when the metrics file has one (ttv_histogram) and the median and p90.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "cli/report/charts.hpp"
#include "cli/report/figure_format.hpp"
#include "cli/report/svg_canvas.hpp"

namespace onb::report {

namespace {

constexpr const char* kAxisColour = "#57606a";
constexpr const char* kMarkerColour = "#1f2328";
constexpr double kX0 = 20, kX1 = 540;
constexpr double kPanelHeight = 70, kPanelGap = 50, kFirstTop = 44;

std::string fig(std::string_view key, double value, FigureFormat format) {
  return figureMarkup("tspan", key, value, format);
}

// The end of the time axis: the histogram's range, or a round duration past the p90s.
double axisEnd(const JourneyFigures& j) {
  const size_t buckets = j.cohorts[kTreatment].ttvHistogram.size();
  if (j.ttvBucketMs > 0 && buckets > 0) return static_cast<double>(j.ttvBucketMs) * static_cast<double>(buckets);
  int64_t largest = 0;
  for (const CohortFigures& c : j.cohorts) largest = std::max(largest, c.ttvP90.value_or(0));
  return niceCeiling(std::max<double>(static_cast<double>(largest) * 1.1, 60'000));
}

void panel(SvgCanvas& svg, const JourneyFigures& j, int c, double top, double end) {
  const CohortFigures& cohort = j.cohorts[c];
  const double base = top + kPanelHeight;
  auto xOf = [&](double ms) { return kX0 + (kX1 - kX0) * std::clamp(ms / end, 0.0, 1.0); };
  const std::string at = figureKey(j, fmt::format("ttv_ms.{}", kCohortNames[c]));
  if (cohort.ttvMedian && cohort.ttvP90) {
    svg.text(kX0, top - 10,
             fmt::format("<tspan class=\"strong\">{}</tspan>: median ", kCohortNames[c]) +
                 fig(at + ".median", static_cast<double>(*cohort.ttvMedian), FigureFormat::Duration) + ", p90 " +
                 fig(at + ".p90", static_cast<double>(*cohort.ttvP90), FigureFormat::Duration) + " (" +
                 fig(figureKey(j, fmt::format("activation.{}.converted", kCohortNames[c])),
                     static_cast<double>(cohort.converted), FigureFormat::Count) +
                 " conversions)",
             "lbl");
  } else {
    svg.text(kX0, top - 10, fmt::format("<tspan class=\"strong\">{}</tspan>: no conversions", kCohortNames[c]), "lbl");
  }
  svg.line(kX0, base, kX1, base, kAxisColour, 1);
  const std::vector<uint64_t>& counts = cohort.ttvHistogram;
  const uint64_t most = counts.empty() ? 0 : *std::max_element(counts.begin(), counts.end());
  for (size_t i = 0; i < counts.size() && most > 0; ++i) {
    if (!counts[i]) continue;
    const double w = static_cast<double>(j.ttvBucketMs);
    const double x = xOf(w * static_cast<double>(i)), right = xOf(w * static_cast<double>(i + 1));
    const double h = (kPanelHeight - 16) * static_cast<double>(counts[i]) / static_cast<double>(most);
    svg.rect(x + 1, base - h, right - x - 2, h, kCohortColours[c],
             fmt::format("{} to {}: {} conversions", formatDuration(static_cast<int64_t>(w * i)),
                         formatDuration(static_cast<int64_t>(w * (i + 1))), formatCount(counts[i])));
    // The count above its bar when it fits (about 6 units per character at this size).
    const std::string text = formatCount(counts[i]);
    if (right - x >= 6.0 * static_cast<double>(text.size()) + 2)
      svg.text((x + right) / 2, base - h - 3,
               fig(figureKey(j, fmt::format("ttv_histogram.{}.{}", kCohortNames[c], i)),
                   static_cast<double>(counts[i]), FigureFormat::Count),
               "tiny", Anchor::Middle);
  }
  if (cohort.ttvMedian && cohort.ttvP90) {
    const double xm = xOf(static_cast<double>(*cohort.ttvMedian)), xp = xOf(static_cast<double>(*cohort.ttvP90));
    svg.line(xm, top, xm, base, kMarkerColour, 2);
    svg.line(xp, top, xp, base, kMarkerColour, 2, true);
    // Side by side labels: the p90's moves right when the markers are close.
    svg.label(xm - 3, top + 9, "median", "axis", Anchor::End);
    svg.label(xp + 3, top + 9, "p90", "axis", Anchor::Start);
  }
}

}  // namespace

std::string ttvChart(const JourneyFigures& j) {
  const double height = kFirstTop + 2 * kPanelHeight + kPanelGap + 50;
  SvgCanvas svg(560, height, "ttv-" + j.name, "Time to value: " + j.name,
                "Time from entry to the goal per cohort: the distribution of conversions when known, the median "
                "(solid line) and the 90th percentile (dashed line).");
  if (!j.hasGoal) {
    svg.label(20, 40, "No goal declared for this journey: no time to value.", "note");
    return svg.finish();
  }
  const double end = axisEnd(j);
  for (int c = 0; c < 2; ++c) panel(svg, j, c, kFirstTop + c * (kPanelHeight + kPanelGap), end);
  // The time axis under the last panel: at most 8 labelled ticks.
  const double base = kFirstTop + 2 * kPanelHeight + kPanelGap;
  const size_t buckets = j.cohorts[kTreatment].ttvHistogram.size();
  const bool histogram = j.ttvBucketMs > 0 && buckets > 0;
  const double step = histogram ? static_cast<double>(j.ttvBucketMs) *
                                       std::ceil(static_cast<double>(buckets) / 8.0)
                                 : end / 5;
  for (double t = 0; t <= end + 1; t += step) {
    const double x = kX0 + (kX1 - kX0) * t / end;
    svg.line(x, base, x, base + 5, kAxisColour, 1);
    svg.label(x, base + 18, formatDuration(static_cast<int64_t>(t)), "axis", Anchor::Middle);
  }
  svg.label(kX0, height - 8,
            histogram ? fmt::format("Time from entry to goal; bars: conversions per {}.", formatDuration(j.ttvBucketMs))
                      : "Time from entry to goal (this metrics file has no histogram: markers only).",
            "axis");
  return svg.finish();
}

}  // namespace onb::report
