// Journey metrics (LANGUAGE.md section 11): counted while the engine runs (entries,
// conversions, time to value, records by rule) and finished at the end of the run
// (retention needs each user's entry time and the run's `until`).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "runtime/bytecode/program.hpp"

namespace onb::engine {

// Counters of records by rule, in this order (the JSON keys of `by_rule`).
enum class RuleCounter : uint8_t {
  Send, Handoff, Emit, Deferred, SuppressedHoldout, SuppressedConsent, SuppressedLimit, SuppressedCap, Error, kCount
};
const char* ruleCounterName(RuleCounter c);

struct CohortMetrics {
  uint64_t entered = 0;
  uint64_t converted = 0;
  std::vector<int64_t> ttv;  // ttv_ms of each conversion
  uint64_t eligible[3] = {};  // d1, d7, d30
  uint64_t retained[3] = {};
};

struct JourneyMetrics {
  CohortMetrics cohorts[2];  // 0: treatment, 1: holdout
  uint64_t handoffs = 0;
};

class Metrics {
 public:
  explicit Metrics(const bc::Program& program)
      : journeys(program.journeys.size()),
        byRule(program.rules.size(), std::vector<uint64_t>(static_cast<size_t>(RuleCounter::kCount))) {}

  std::vector<JourneyMetrics> journeys;
  std::vector<std::vector<uint64_t>> byRule;
};

struct MetricsReport {
  int64_t until = 0;
  bool hasUntil = false;
  std::vector<JourneyMetrics> journeys;  // retention filled in
  std::vector<std::vector<uint64_t>> byRule;
};

// The metrics as JSON, in the shape of LANGUAGE.md section 11, plus one key per journey
// that the section does not list: `ttv_histogram` (null without a goal), the conversions
// of each cohort in buckets of `bucket_ms` over the goal window (docs/report.md).
std::string metricsJson(const bc::Program& program, const MetricsReport& report);

// Nearest-rank percentile (p in (0, 1]) of unsorted values; nullopt when empty.
std::optional<int64_t> nearestRank(std::vector<int64_t> values, double p);

}  // namespace onb::engine
