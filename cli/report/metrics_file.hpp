// The journey metrics file that `onb run --metrics FILE` writes (LANGUAGE.md section 11),
// read back and checked into plain figures for `onb report`. Every figure that has no
// population in the file (`null`) is an empty optional here.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace onb::report {

inline constexpr int kTreatment = 0;
inline constexpr int kHoldout = 1;
inline constexpr std::array<const char*, 2> kCohortNames = {"treatment", "holdout"};
inline constexpr std::array<const char*, 3> kRetentionDays = {"d1", "d7", "d30"};

// The counters of `by_rule`, in the order they are charted (delivered, deferred, then
// the suppressions, then errors); each has a stable colour in the report.
inline constexpr std::array<const char*, 9> kRuleCounters = {
    "send", "handoff", "emit", "deferred", "suppressed_holdout", "suppressed_consent", "suppressed_limit",
    "suppressed_cap", "error"};
inline constexpr int kFirstSuppressed = 4;  // kRuleCounters[4..7] are the suppressions
inline constexpr int kLastSuppressed = 7;

struct RetentionFigures {
  uint64_t eligible = 0;
  uint64_t retained = 0;
  std::optional<double> rate;  // retained / eligible; empty when nobody is eligible yet
};

struct CohortFigures {
  uint64_t entered = 0;
  uint64_t converted = 0;            // journeys with a goal
  std::optional<double> rate;        // converted / entered
  std::optional<int64_t> ttvMedian;  // ms; empty when nobody converted
  std::optional<int64_t> ttvP90;
  std::vector<uint64_t> ttvHistogram;  // conversions per bucket (empty: not in the file)
  std::array<RetentionFigures, 3> retention;  // d1, d7, d30 (journeys with `retention`)
};

struct Uplift {
  double activation = 0;  // treatment rate minus holdout rate
  double low = 0;         // the 95% interval
  double high = 0;
};

struct RuleFigures {
  std::string name;
  std::array<uint64_t, kRuleCounters.size()> counts{};  // by kRuleCounters
};

struct JourneyFigures {
  std::string name;
  std::array<CohortFigures, 2> cohorts;  // kTreatment, kHoldout
  bool hasGoal = false;                  // activation, uplift and ttv_ms are not null
  bool hasRetention = false;
  std::optional<Uplift> uplift;          // empty when a cohort is empty or there is no goal
  int64_t ttvBucketMs = 0;               // the histogram's bucket width; 0: no histogram
  std::vector<RuleFigures> rules;        // in file (declaration) order
  std::optional<double> handoffsPer100;  // empty when nobody entered

  uint64_t entered() const { return cohorts[kTreatment].entered + cohorts[kHoldout].entered; }
  uint64_t total(int counter) const;  // a by_rule counter summed over the rules
};

struct MetricsFile {
  std::optional<std::string> until;  // ISO 8601, as written
  std::vector<JourneyFigures> journeys;
};

// Parses and checks `json`. On a bad file returns false with `error` naming the first
// problem and where it is (`journeys.activation.entered.treatment: expected a count`).
bool readMetrics(std::string_view json, MetricsFile& out, std::string& error);

}  // namespace onb::report
