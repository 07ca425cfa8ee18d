// The report's charts, each an inline <svg> drawn from the figures of one journey (or of
// the whole file for the overview). Figures appear as text in the SVG (figureMarkup), so
// what a chart claims can be read, searched and checked. A figure with no population
// (an empty cohort, a journey without goal or retention) is said in words instead.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "cli/report/metrics_file.hpp"

namespace onb::report {

// Okabe-Ito colours: told apart with the common colour-vision deficiencies.
inline constexpr std::array<const char*, 2> kCohortColours = {"#0072B2", "#E69F00"};  // treatment, holdout
inline constexpr std::array<const char*, kRuleCounters.size()> kCounterColours = {
    "#0072B2",  // send
    "#009E73",  // handoff
    "#56B4E9",  // emit
    "#F0E442",  // deferred
    "#999999",  // suppressed_holdout
    "#CC79A7",  // suppressed_consent
    "#E69F00",  // suppressed_limit
    "#D55E00",  // suppressed_cap
    "#000000",  // error
};
// How the report names the counters of `by_rule`.
inline constexpr std::array<const char*, kRuleCounters.size()> kCounterLabels = {
    "send", "hand-off", "emit", "deferred", "holdout", "consent", "limit", "cap", "error"};

std::string activationChart(const JourneyFigures& j);  // rate per cohort, converted of entered
std::string upliftChart(const JourneyFigures& j);      // the uplift and its 95% interval
std::string ttvChart(const JourneyFigures& j);         // histogram per cohort, median and p90
std::string retentionChart(const JourneyFigures& j);   // D1/D7/D30 per cohort with eligible counts
std::string ruleChart(const JourneyFigures& j);        // records per rule by kind and reason
std::string overviewChart(const MetricsFile& file);    // entered and hand-offs per 100, per journey

// Shared by the charts.
std::string figureKey(const JourneyFigures& j, std::string_view rest);  // "journeys.<j>.<rest>"
double niceCeiling(double v);  // the smallest 1, 2, 2.5 or 5 times a power of ten >= v (v > 0)

}  // namespace onb::report
