#include "cli/report/text_summary.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "cli/report/charts.hpp"
#include "cli/report/figure_format.hpp"

namespace onb::report {

namespace {

void line(std::string& out, std::string_view label, std::string_view text) {
  out += fmt::format("  {:<15}{}\n", label, text);
}

std::string activation(const JourneyFigures& j) {
  std::string out;
  for (int c = 0; c < 2; ++c) {
    const CohortFigures& cohort = j.cohorts[c];
    if (c) out += ", ";
    out += cohort.rate ? fmt::format("{} {} ({} of {})", formatPercent(*cohort.rate), kCohortNames[c],
                                     formatCount(cohort.converted), formatCount(cohort.entered))
                       : fmt::format("n/a {} (nobody entered)", kCohortNames[c]);
  }
  return out;
}

std::string uplift(const JourneyFigures& j) {
  if (!j.uplift) return "n/a (a cohort is empty)";
  const Uplift& u = *j.uplift;
  const char* verdict = u.low > 0 ? "treatment better" : u.high < 0 ? "treatment worse" : "not significant";
  return fmt::format("{} (95% CI {} to {}): {}", formatPoints(u.activation), formatPoints(u.low), formatPoints(u.high),
                     verdict);
}

std::string timeToValue(const JourneyFigures& j) {
  std::string out;
  for (int c = 0; c < 2; ++c) {
    const CohortFigures& cohort = j.cohorts[c];
    if (c) out += "; ";
    out += cohort.ttvMedian && cohort.ttvP90
               ? fmt::format("{} median {}, p90 {}", kCohortNames[c], formatDuration(*cohort.ttvMedian),
                             formatDuration(*cohort.ttvP90))
               : fmt::format("{} no conversions", kCohortNames[c]);
  }
  return out;
}

std::string retention(const JourneyFigures& j, size_t day) {
  std::string out;
  for (int c = 0; c < 2; ++c) {
    const RetentionFigures& r = j.cohorts[c].retention[day];
    if (c) out += ", ";
    out += r.rate ? fmt::format("{} {} ({} of {} eligible)", formatPercent(*r.rate), kCohortNames[c],
                                formatCount(r.retained), formatCount(r.eligible))
                  : fmt::format("n/a {} (nobody eligible yet)", kCohortNames[c]);
  }
  return out;
}

// The suppression reasons by count, largest first, each with the rule that has the most.
std::string suppressions(const JourneyFigures& j) {
  struct Reason {
    int counter;
    uint64_t total;
  };
  std::vector<Reason> reasons;
  for (int k = kFirstSuppressed; k <= kLastSuppressed; ++k)
    if (uint64_t n = j.total(k)) reasons.push_back({k, n});
  if (reasons.empty()) return "none";
  std::stable_sort(reasons.begin(), reasons.end(), [](const Reason& a, const Reason& b) { return a.total > b.total; });
  std::string out;
  for (size_t i = 0; i < reasons.size() && i < 3; ++i) {
    const size_t k = static_cast<size_t>(reasons[i].counter);
    const RuleFigures* top = nullptr;
    for (const RuleFigures& r : j.rules)
      if (!top || r.counts[k] > top->counts[k]) top = &r;
    if (i) out += ", ";
    out += fmt::format("{} {} (most: {} {})", kCounterLabels[k], formatCount(reasons[i].total), top->name,
                       formatCount(top->counts[k]));
  }
  return out;
}

}  // namespace

std::string textSummary(const MetricsFile& file) {
  uint64_t entered = 0;
  for (const JourneyFigures& j : file.journeys) entered += j.entered();
  std::string out = fmt::format("Journey report until {}: {} journey{}, {} users entered\n",
                                file.until ? *file.until : "(not set)", file.journeys.size(),
                                file.journeys.size() == 1 ? "" : "s", formatCount(entered));
  for (const JourneyFigures& j : file.journeys) {
    out += fmt::format("\n{}\n", j.name);
    line(out, "entered", fmt::format("{} ({} treatment, {} holdout)", formatCount(j.entered()),
                                     formatCount(j.cohorts[kTreatment].entered),
                                     formatCount(j.cohorts[kHoldout].entered)));
    if (j.hasGoal) {
      line(out, "activation", activation(j));
      line(out, "uplift", uplift(j));
      line(out, "time to value", timeToValue(j));
    } else {
      line(out, "activation", "no goal declared");
    }
    line(out, "D7 retention", j.hasRetention ? retention(j, 1) : "no retention event declared");
    line(out, "sends", formatCount(j.total(0)));
    line(out, "hand-offs",
         j.handoffsPer100 ? fmt::format("{} ({} per 100 entered)", formatCount(j.total(1)), formatDecimal(*j.handoffsPer100))
                          : formatCount(j.total(1)));
    line(out, "suppressed", suppressions(j));
  }
  return out;
}

}  // namespace onb::report
