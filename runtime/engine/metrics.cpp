#include "runtime/engine/metrics.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "stdlib/civil_time.hpp"

namespace onb::engine {

const char* ruleCounterName(RuleCounter c) {
  switch (c) {
    case RuleCounter::Send: return "send";
    case RuleCounter::Handoff: return "handoff";
    case RuleCounter::Emit: return "emit";
    case RuleCounter::Deferred: return "deferred";
    case RuleCounter::SuppressedHoldout: return "suppressed_holdout";
    case RuleCounter::SuppressedConsent: return "suppressed_consent";
    case RuleCounter::SuppressedLimit: return "suppressed_limit";
    case RuleCounter::SuppressedCap: return "suppressed_cap";
    case RuleCounter::Error: return "error";
    case RuleCounter::kCount: break;
  }
  return "?";
}

std::optional<int64_t> nearestRank(std::vector<int64_t> values, double p) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  size_t rank = static_cast<size_t>(std::ceil(p * static_cast<double>(values.size())));
  if (rank < 1) rank = 1;
  return values[rank - 1];
}

namespace {

std::string number(double v) {
  if (!std::isfinite(v)) return "null";
  return fmt::format("{}", v);
}

std::string jsonString(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      out += fmt::format("\\u{:04x}", c);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string rate(uint64_t part, uint64_t whole) {
  return whole == 0 ? "null" : number(static_cast<double>(part) / static_cast<double>(whole));
}

// The width of the time-to-value histogram's buckets: the smallest round duration that
// covers the goal window in at most kMaxTtvBuckets buckets.
constexpr int64_t kMaxTtvBuckets = 20;
int64_t ttvBucketMs(int64_t goalWithinMs) {
  constexpr int64_t kMinute = 60'000, kHour = 60 * kMinute, kDay = 24 * kHour;
  static const int64_t kWidths[] = {kMinute,  5 * kMinute, 15 * kMinute, 30 * kMinute, kHour,   2 * kHour,
                                    3 * kHour, 6 * kHour,  12 * kHour,   kDay,         2 * kDay, 3 * kDay,
                                    7 * kDay,  14 * kDay,  30 * kDay};
  for (int64_t w : kWidths)
    if (goalWithinMs <= w * kMaxTtvBuckets) return w;
  return (goalWithinMs / kMaxTtvBuckets / (30 * kDay) + 1) * 30 * kDay;
}

// `"ttv_histogram": {"bucket_ms": W, "treatment": [...], "holdout": [...]}`: bucket i
// counts conversions with ttv_ms in [i*W, (i+1)*W); the last one also takes the end of
// the goal window (a goal is reached at most `within` after entry, inclusive).
std::string ttvHistogram(const bc::Journey& journey, const JourneyMetrics& m) {
  const int64_t width = ttvBucketMs(journey.goalWithinMs);
  const size_t buckets = static_cast<size_t>(std::max<int64_t>(1, (journey.goalWithinMs + width - 1) / width));
  std::string out = fmt::format("{{\"bucket_ms\": {}", width);
  static const char* kCohorts[] = {"treatment", "holdout"};
  for (int c = 0; c < 2; ++c) {
    std::vector<uint64_t> counts(buckets);
    for (int64_t ttv : m.cohorts[c].ttv)
      ++counts[std::min(buckets - 1, static_cast<size_t>(std::max<int64_t>(0, ttv) / width))];
    out += fmt::format(", \"{}\": [{}]", kCohorts[c], fmt::join(counts, ", "));
  }
  return out + "}";
}

}  // namespace

std::string metricsJson(const bc::Program& program, const MetricsReport& report) {
  std::string out = "{\"until\": ";
  out += report.hasUntil ? jsonString(civil::formatIso(report.until)) : "null";
  out += ",\n \"journeys\": {";
  static const char* kCohorts[] = {"treatment", "holdout"};
  static const char* kDays[] = {"d1", "d7", "d30"};
  for (size_t j = 0; j < program.journeys.size(); ++j) {
    const bc::Journey& journey = program.journeys[j];
    const JourneyMetrics& m = report.journeys[j];
    const CohortMetrics& t = m.cohorts[0];
    const CohortMetrics& h = m.cohorts[1];
    out += j ? ",\n  " : "\n  ";
    out += jsonString(journey.name) + ": {\n   ";
    out += fmt::format("\"entered\": {{\"treatment\": {}, \"holdout\": {}}},\n   ", t.entered, h.entered);
    if (journey.hasGoal) {
      out += "\"activation\": {";
      for (int c = 0; c < 2; ++c)
        out += fmt::format("{}\"{}\": {{\"converted\": {}, \"rate\": {}}}", c ? ", " : "", kCohorts[c],
                           m.cohorts[c].converted, rate(m.cohorts[c].converted, m.cohorts[c].entered));
      out += "},\n   \"uplift\": ";
      if (t.entered == 0 || h.entered == 0) {
        out += "null";
      } else {
        const double p1 = double(t.converted) / double(t.entered), p2 = double(h.converted) / double(h.entered);
        const double diff = p1 - p2;
        const double se = std::sqrt(p1 * (1 - p1) / double(t.entered) + p2 * (1 - p2) / double(h.entered));
        out += fmt::format("{{\"activation\": {}, \"ci95\": [{}, {}]}}", number(diff), number(diff - 1.96 * se),
                           number(diff + 1.96 * se));
      }
      out += ",\n   \"ttv_ms\": {";
      for (int c = 0; c < 2; ++c) {
        auto median = nearestRank(m.cohorts[c].ttv, 0.5), p90 = nearestRank(m.cohorts[c].ttv, 0.9);
        out += fmt::format("{}\"{}\": ", c ? ", " : "", kCohorts[c]);
        out += median ? fmt::format("{{\"median\": {}, \"p90\": {}}}", *median, *p90) : "null";
      }
      out += "},\n   \"ttv_histogram\": " + ttvHistogram(journey, m) + ",\n   ";
    } else {
      out += "\"activation\": null,\n   \"uplift\": null,\n   \"ttv_ms\": null,\n   \"ttv_histogram\": null,\n   ";
    }
    if (journey.retentionEvent != bc::kNone) {
      out += "\"retention\": {";
      for (int d = 0; d < 3; ++d) {
        out += fmt::format("{}\"{}\": {{", d ? ", " : "", kDays[d]);
        for (int c = 0; c < 2; ++c)
          out += fmt::format("{}\"{}\": {{\"eligible\": {}, \"retained\": {}, \"rate\": {}}}", c ? ", " : "",
                             kCohorts[c], m.cohorts[c].eligible[d], m.cohorts[c].retained[d],
                             rate(m.cohorts[c].retained[d], m.cohorts[c].eligible[d]));
        out += "}";
      }
      out += "},\n   ";
    } else {
      out += "\"retention\": null,\n   ";
    }
    out += "\"by_rule\": {";
    for (uint32_t r = journey.ruleBegin; r < journey.ruleEnd; ++r) {
      out += r != journey.ruleBegin ? ", " : "";
      out += jsonString(program.rules[r].name) + ": {";
      bool first = true;
      for (size_t c = 0; c < static_cast<size_t>(RuleCounter::kCount); ++c) {
        uint64_t n = report.byRule[r][c];
        if (!n) continue;
        out += fmt::format("{}\"{}\": {}", first ? "" : ", ", ruleCounterName(static_cast<RuleCounter>(c)), n);
        first = false;
      }
      out += "}";
    }
    const uint64_t entered = t.entered + h.entered;
    out += "},\n   \"handoffs_per_100_entered\": ";
    out += entered ? number(100.0 * double(m.handoffs) / double(entered)) : "null";
    out += "}";
  }
  out += "}}\n";
  return out;
}

}  // namespace onb::engine
