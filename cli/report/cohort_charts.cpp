// Activation per cohort, the uplift with its interval, and retention per cohort.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "cli/report/charts.hpp"
#include "cli/report/figure_format.hpp"
#include "cli/report/svg_canvas.hpp"

namespace onb::report {

std::string figureKey(const JourneyFigures& j, std::string_view rest) { return fmt::format("journeys.{}.{}", j.name, rest); }

double niceCeiling(double v) {
  const double power = std::pow(10.0, std::floor(std::log10(v)));
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (m * power >= v * (1 - 1e-12)) return m * power;
  return 10 * power;
}

namespace {

constexpr const char* kAxisColour = "#57606a";
constexpr const char* kGridColour = "#d8dee4";

std::string fig(std::string_view key, double value, FigureFormat format) {
  return figureMarkup("tspan", key, value, format);
}

// The top of a percentage axis: a round number a little above the largest rate.
double rateAxisMax(double largest) { return std::min(1.0, niceCeiling(std::max(largest, 0.01) * 1.15)); }

// Horizontal gridlines and percentage labels of a vertical axis from 0 to `top`.
void percentAxis(SvgCanvas& svg, double x0, double x1, double yBase, double yTop, double top) {
  const double mantissa = top / std::pow(10.0, std::floor(std::log10(top)));
  const int steps = std::fabs(mantissa - 2) < 1e-9 ? 4 : 5;
  for (int i = 0; i <= steps; ++i) {
    const double v = top * i / steps;
    const double y = yBase - (yBase - yTop) * i / steps;
    svg.line(x0, y, x1, y, i ? kGridColour : kAxisColour, 1);
    svg.label(x0 - 6, y + 4, fmt::format("{:g}%", std::round(v * 100 * 1000) / 1000), "axis", Anchor::End);
  }
}

void legend(SvgCanvas& svg, double x, double y) {
  for (int c = 0; c < 2; ++c) {
    svg.rect(x + c * 100, y - 9, 10, 10, kCohortColours[c]);
    svg.label(x + c * 100 + 14, y, kCohortNames[c], "small");
  }
}

}  // namespace

std::string activationChart(const JourneyFigures& j) {
  SvgCanvas svg(560, 250, "activation-" + j.name, "Activation per cohort: " + j.name,
                "Share of entered users who reached the goal within the goal window, treatment and holdout.");
  if (!j.hasGoal) {
    svg.label(20, 40, "No goal declared for this journey: no activation.", "note");
    return svg.finish();
  }
  const double x0 = 70, x1 = 540, yBase = 185, yTop = 30;
  double largest = 0;
  for (const CohortFigures& c : j.cohorts) largest = std::max(largest, c.rate.value_or(0));
  const double top = rateAxisMax(largest);
  percentAxis(svg, x0, x1, yBase, yTop, top);
  for (int c = 0; c < 2; ++c) {
    const CohortFigures& cohort = j.cohorts[c];
    const double cx = x0 + (x1 - x0) * (c == 0 ? 0.3 : 0.7);
    const std::string at = figureKey(j, fmt::format("activation.{}", kCohortNames[c]));
    if (cohort.rate) {
      const double h = (yBase - yTop) * std::min(1.0, *cohort.rate / top);
      svg.rect(cx - 55, yBase - h, 110, h, kCohortColours[c],
               fmt::format("{}: {} converted of {} entered", kCohortNames[c], formatCount(cohort.converted),
                           formatCount(cohort.entered)));
      svg.text(cx, yBase - h - 6, fig(at + ".rate", *cohort.rate, FigureFormat::Percent), "val", Anchor::Middle);
    } else {
      svg.label(cx, yBase - 8, "no users", "note", Anchor::Middle);
    }
    svg.label(cx, yBase + 18, kCohortNames[c], "lbl", Anchor::Middle);
    svg.text(cx, yBase + 36,
             fig(at + ".converted", static_cast<double>(cohort.converted), FigureFormat::Count) + " of " +
                 fig(figureKey(j, fmt::format("entered.{}", kCohortNames[c])), static_cast<double>(cohort.entered),
                     FigureFormat::Count) +
                 " converted",
             "small", Anchor::Middle);
  }
  return svg.finish();
}

std::string upliftChart(const JourneyFigures& j) {
  SvgCanvas svg(560, 250, "uplift-" + j.name, "Activation uplift: " + j.name,
                "Treatment activation minus holdout activation, in percentage points, with its 95% Wald interval.");
  if (!j.uplift) {
    const char* why = !j.hasGoal                         ? "no goal declared for this journey"
                      : j.cohorts[kHoldout].entered == 0 ? "the holdout is empty (no holdout declared, or nobody in it)"
                                                         : "the treatment cohort is empty";
    svg.label(20, 40, "No uplift to show:", "lbl");
    svg.label(20, 62, why, "note");
    return svg.finish();
  }
  const Uplift& u = *j.uplift;
  svg.text(20, 34, "Uplift " + fig(figureKey(j, "uplift.activation"), u.activation, FigureFormat::Points), "big");
  svg.text(20, 58,
           "95% CI " + fig(figureKey(j, "uplift.ci95.0"), u.low, FigureFormat::Points) + " to " +
               fig(figureKey(j, "uplift.ci95.1"), u.high, FigureFormat::Points),
           "lbl");
  // The interval on an axis in percentage points that always shows 0.
  const double x0 = 40, x1 = 520, y = 125;
  double lo = std::min(u.low, 0.0), hi = std::max(u.high, 0.0);
  const double pad = std::max(hi - lo, 0.01) * 0.12;
  lo -= pad;
  hi += pad;
  const double step = niceCeiling((hi - lo) / 6);
  auto xOf = [&](double v) { return x0 + (x1 - x0) * (v - lo) / (hi - lo); };
  svg.line(x0, y + 35, x1, y + 35, kAxisColour, 1);
  for (double t = std::ceil(lo / step) * step; t <= hi + 1e-12; t += step) {
    const double v = std::fabs(t) < step * 1e-6 ? 0 : t;
    svg.line(xOf(v), y + 35, xOf(v), y + 40, kAxisColour, 1);
    svg.label(xOf(v), y + 54, fmt::format("{:+g}", std::round(v * 100 * 1000) / 1000), "axis", Anchor::Middle);
  }
  svg.label((x0 + x1) / 2, y + 72, "percentage points (treatment minus holdout)", "axis", Anchor::Middle);
  svg.line(xOf(0), y - 40, xOf(0), y + 35, kAxisColour, 1, true);
  svg.label(xOf(0) + 4, y - 30, "no effect", "axis");
  const char* colour = kCohortColours[kTreatment];
  svg.line(xOf(u.low), y, xOf(u.high), y, colour, 3);
  svg.line(xOf(u.low), y - 10, xOf(u.low), y + 10, colour, 2);
  svg.line(xOf(u.high), y - 10, xOf(u.high), y + 10, colour, 2);
  svg.circle(xOf(u.activation), y, 6, colour);
  const char* verdict = u.low > 0   ? "The treatment activates more users: the whole interval is above 0."
                        : u.high < 0 ? "The treatment activates fewer users: the whole interval is below 0."
                                     : "Not significant at 95%: the interval includes 0.";
  svg.label(20, 238, verdict, "note");
  return svg.finish();
}

std::string retentionChart(const JourneyFigures& j) {
  SvgCanvas svg(560, 270, "retention-" + j.name, "Retention per cohort: " + j.name,
                "Share of eligible users active on day 1, 7 and 30 after entry, treatment and holdout, with the "
                "number of eligible users.");
  if (!j.hasRetention) {
    svg.label(20, 40, "No retention event declared for this journey.", "note");
    svg.label(20, 62, "Add `retention EVENT` to the journey to measure D1, D7 and D30.", "note");
    return svg.finish();
  }
  const double x0 = 70, x1 = 540, yBase = 180, yTop = 36;
  double largest = 0;
  for (const CohortFigures& c : j.cohorts)
    for (const RetentionFigures& r : c.retention) largest = std::max(largest, r.rate.value_or(0));
  const double top = rateAxisMax(largest);
  percentAxis(svg, x0, x1, yBase, yTop, top);
  legend(svg, x1 - 190, 14);
  static const char* kDayLabels[] = {"D1", "D7", "D30"};
  const double group = (x1 - x0) / 3;
  for (int d = 0; d < 3; ++d) {
    const double gx = x0 + group * d + group / 2;
    for (int c = 0; c < 2; ++c) {
      const RetentionFigures& r = j.cohorts[c].retention[d];
      const double cx = gx + (c == 0 ? -32 : 32);
      const std::string at = figureKey(j, fmt::format("retention.{}.{}", kRetentionDays[d], kCohortNames[c]));
      if (r.rate) {
        const double h = (yBase - yTop) * std::min(1.0, *r.rate / top);
        svg.rect(cx - 27, yBase - h, 54, h, kCohortColours[c],
                 fmt::format("{} {}: {} retained of {} eligible", kDayLabels[d], kCohortNames[c],
                             formatCount(r.retained), formatCount(r.eligible)));
        svg.text(cx, yBase - h - 6, fig(at + ".rate", *r.rate, FigureFormat::Percent), "val", Anchor::Middle);
      } else {
        svg.label(cx, yBase - 8, "n/a", "note", Anchor::Middle);
      }
      svg.text(cx, yBase + 15, fig(at + ".retained", static_cast<double>(r.retained), FigureFormat::Count), "small",
               Anchor::Middle);
      svg.text(cx, yBase + 29, "of " + fig(at + ".eligible", static_cast<double>(r.eligible), FigureFormat::Count),
               "small", Anchor::Middle);
    }
    svg.label(gx, yBase + 50, kDayLabels[d], "lbl strong", Anchor::Middle);
  }
  svg.label(20, 262, "Eligible: entered users whose day N had fully passed by the end of the run.", "axis");
  return svg.finish();
}

}  // namespace onb::report
