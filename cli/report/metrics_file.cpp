#include "cli/report/metrics_file.hpp"

#include <cmath>

#include <fmt/format.h>
#include <simdjson.h>

namespace onb::report {

uint64_t JourneyFigures::total(int counter) const {
  uint64_t sum = 0;
  for (const RuleFigures& r : rules) sum += r.counts[static_cast<size_t>(counter)];
  return sum;
}

namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

std::string_view typeName(const element& e) {
  switch (e.type()) {
    case element_type::ARRAY: return "an array";
    case element_type::OBJECT: return "an object";
    case element_type::INT64:
    case element_type::UINT64:
    case element_type::DOUBLE: return "a number";
    case element_type::STRING: return "a string";
    case element_type::BOOL: return "a boolean";
    case element_type::NULL_VALUE: return "null";
  }
  return "a value";
}

// Walks the document with the path of the value at hand, and keeps the first error.
class Checker {
 public:
  std::string error;

  bool fail(const std::string& path, std::string_view what) {
    if (error.empty()) error = path.empty() ? std::string(what) : fmt::format("{}: {}", path, what);
    return false;
  }
  bool expected(const std::string& path, std::string_view what, const element& got) {
    return fail(path, fmt::format("expected {}, got {}", what, typeName(got)));
  }

  bool asObject(const element& e, const std::string& path, object& out) {
    if (e.get_object().get(out)) return expected(path, "an object", e);
    return true;
  }
  bool field(const object& o, const std::string& path, std::string_view key, element& out) {
    if (o.at_key(key).get(out)) return fail(path, fmt::format("missing `{}`", key));
    return true;
  }
  bool objectField(const object& o, const std::string& path, std::string_view key, object& out) {
    element e;
    return field(o, path, key, e) && asObject(e, join(path, key), out);
  }
  // A count: a non-negative integer (an integral float such as 7.0 is accepted).
  bool count(const element& e, const std::string& path, uint64_t& out) {
    switch (e.type()) {
      case element_type::UINT64: out = e.get_uint64().value_unsafe(); return true;
      case element_type::INT64: {
        int64_t v = e.get_int64().value_unsafe();
        if (v < 0) return fail(path, fmt::format("expected a count, got {}", v));
        out = static_cast<uint64_t>(v);
        return true;
      }
      case element_type::DOUBLE: {
        double v = e.get_double().value_unsafe();
        if (v < 0 || v != std::floor(v) || v > 9.0e15) return fail(path, fmt::format("expected a count, got {}", v));
        out = static_cast<uint64_t>(v);
        return true;
      }
      default: return expected(path, "a count (a non-negative integer)", e);
    }
  }
  bool countField(const object& o, const std::string& path, std::string_view key, uint64_t& out) {
    element e;
    return field(o, path, key, e) && count(e, join(path, key), out);
  }
  bool number(const element& e, const std::string& path, double& out) {
    if (e.get_double().get(out)) return expected(path, "a number", e);
    return true;
  }
  bool optionalNumber(const element& e, const std::string& path, std::optional<double>& out) {
    if (e.is_null()) return true;
    double v;
    if (!number(e, path, v)) return false;
    out = v;
    return true;
  }
  // A `rate`: a fraction in 0..1, or null.
  bool rateField(const object& o, const std::string& path, std::optional<double>& out) {
    element e;
    if (!field(o, path, "rate", e) || !optionalNumber(e, join(path, "rate"), out)) return false;
    if (out && !(*out >= 0 && *out <= 1)) return fail(join(path, "rate"), fmt::format("a rate is in 0..1, got {}", *out));
    return true;
  }
  bool milliseconds(const object& o, const std::string& path, std::string_view key, std::optional<int64_t>& out) {
    element e;
    if (!field(o, path, key, e)) return false;
    int64_t v;
    if (e.get_int64().get(v) || v < 0) return expected(join(path, key), "milliseconds (a non-negative integer)", e);
    out = v;
    return true;
  }

  static std::string join(const std::string& path, std::string_view key) {
    return path.empty() ? std::string(key) : fmt::format("{}.{}", path, key);
  }
};

bool readActivation(Checker& c, const object& journey, const std::string& path, JourneyFigures& j) {
  object activation;
  if (!c.objectField(journey, path, "activation", activation)) return false;
  const std::string at = Checker::join(path, "activation");
  for (int k = 0; k < 2; ++k) {
    CohortFigures& cohort = j.cohorts[k];
    object o;
    const std::string cp = Checker::join(at, kCohortNames[k]);
    if (!c.objectField(activation, at, kCohortNames[k], o) || !c.countField(o, cp, "converted", cohort.converted) ||
        !c.rateField(o, cp, cohort.rate))
      return false;
    if (cohort.converted > cohort.entered)
      return c.fail(cp, fmt::format("{} converted of {} entered", cohort.converted, cohort.entered));
  }
  element e;
  if (!c.field(journey, path, "uplift", e)) return false;
  if (!e.is_null()) {
    object uplift;
    const std::string up = Checker::join(path, "uplift");
    Uplift u;
    element v, ci;
    array interval;
    if (!c.asObject(e, up, uplift) || !c.field(uplift, up, "activation", v) ||
        !c.number(v, Checker::join(up, "activation"), u.activation) || !c.field(uplift, up, "ci95", ci))
      return false;
    if (ci.get_array().get(interval) || interval.size() != 2)
      return c.fail(Checker::join(up, "ci95"), "expected an array of two numbers [low, high]");
    if (!c.number(interval.at(0).value_unsafe(), Checker::join(up, "ci95.0"), u.low) ||
        !c.number(interval.at(1).value_unsafe(), Checker::join(up, "ci95.1"), u.high))
      return false;
    if (u.low > u.high) return c.fail(Checker::join(up, "ci95"), "the interval's low end is above its high end");
    j.uplift = u;
  }
  if (!c.field(journey, path, "ttv_ms", e)) return false;
  const std::string tp = Checker::join(path, "ttv_ms");
  object ttv;
  if (!e.is_null()) {
    if (!c.asObject(e, tp, ttv)) return false;
    for (int k = 0; k < 2; ++k) {
      element ce;
      object o;
      const std::string cp = Checker::join(tp, kCohortNames[k]);
      if (!c.field(ttv, tp, kCohortNames[k], ce)) return false;
      if (ce.is_null()) continue;
      if (!c.asObject(ce, cp, o) || !c.milliseconds(o, cp, "median", j.cohorts[k].ttvMedian) ||
          !c.milliseconds(o, cp, "p90", j.cohorts[k].ttvP90))
        return false;
    }
  }
  // Optional (metrics files of older versions do not have it).
  if (journey.at_key("ttv_histogram").get(e) || e.is_null()) return true;
  const std::string hp = Checker::join(path, "ttv_histogram");
  object histogram;
  uint64_t width = 0;
  if (!c.asObject(e, hp, histogram) || !c.countField(histogram, hp, "bucket_ms", width)) return false;
  if (width == 0) return c.fail(Checker::join(hp, "bucket_ms"), "a bucket is at least 1 ms wide");
  size_t buckets = 0;
  for (int k = 0; k < 2; ++k) {
    element ce;
    array counts;
    const std::string cp = Checker::join(hp, kCohortNames[k]);
    if (!c.field(histogram, hp, kCohortNames[k], ce)) return false;
    if (ce.get_array().get(counts) || counts.size() == 0) return c.fail(cp, "expected a non-empty array of counts");
    if (k == 1 && counts.size() != buckets) return c.fail(cp, "the cohorts have different numbers of buckets");
    buckets = counts.size();
    uint64_t sum = 0;
    for (element n : counts) {
      uint64_t v;
      if (!c.count(n, cp, v)) return false;
      j.cohorts[k].ttvHistogram.push_back(v);
      sum += v;
    }
    if (sum != j.cohorts[k].converted)
      return c.fail(cp, fmt::format("the buckets add up to {}, not to the {} converted", sum, j.cohorts[k].converted));
  }
  j.ttvBucketMs = static_cast<int64_t>(width);
  return true;
}

bool readRetention(Checker& c, const element& e, const std::string& path, JourneyFigures& j) {
  object retention;
  if (!c.asObject(e, path, retention)) return false;
  for (size_t d = 0; d < kRetentionDays.size(); ++d) {
    object day;
    const std::string dp = Checker::join(path, kRetentionDays[d]);
    if (!c.objectField(retention, path, kRetentionDays[d], day)) return false;
    for (int k = 0; k < 2; ++k) {
      object o;
      RetentionFigures& r = j.cohorts[k].retention[d];
      const std::string cp = Checker::join(dp, kCohortNames[k]);
      if (!c.objectField(day, dp, kCohortNames[k], o) || !c.countField(o, cp, "eligible", r.eligible) ||
          !c.countField(o, cp, "retained", r.retained) || !c.rateField(o, cp, r.rate))
        return false;
      if (r.retained > r.eligible) return c.fail(cp, fmt::format("{} retained of {} eligible", r.retained, r.eligible));
    }
  }
  return true;
}

bool readRules(Checker& c, const object& journey, const std::string& path, JourneyFigures& j) {
  object byRule;
  if (!c.objectField(journey, path, "by_rule", byRule)) return false;
  const std::string bp = Checker::join(path, "by_rule");
  for (auto [name, value] : byRule) {
    RuleFigures rule;
    rule.name = std::string(name);
    const std::string rp = Checker::join(bp, name);
    object counters;
    if (!c.asObject(value, rp, counters)) return false;
    for (auto [key, n] : counters) {
      size_t k = 0;
      while (k < kRuleCounters.size() && key != kRuleCounters[k]) ++k;
      if (k == kRuleCounters.size())
        return c.fail(rp, fmt::format("unknown count `{}` (expected send, handoff, emit, deferred, "
                                      "suppressed_<holdout|consent|limit|cap> or error)",
                                      key));
      if (!c.count(n, Checker::join(rp, key), rule.counts[k])) return false;
    }
    j.rules.push_back(std::move(rule));
  }
  return true;
}

bool readJourney(Checker& c, std::string_view name, const element& value, JourneyFigures& j) {
  j.name = std::string(name);
  const std::string path = Checker::join("journeys", name);
  object journey, entered;
  if (!c.asObject(value, path, journey) || !c.objectField(journey, path, "entered", entered)) return false;
  for (int k = 0; k < 2; ++k)
    if (!c.countField(entered, Checker::join(path, "entered"), kCohortNames[k], j.cohorts[k].entered)) return false;
  element e;
  if (!c.field(journey, path, "activation", e)) return false;
  j.hasGoal = !e.is_null();
  if (j.hasGoal && !readActivation(c, journey, path, j)) return false;
  if (!c.field(journey, path, "retention", e)) return false;
  j.hasRetention = !e.is_null();
  if (j.hasRetention && !readRetention(c, e, Checker::join(path, "retention"), j)) return false;
  if (!readRules(c, journey, path, j)) return false;
  return c.field(journey, path, "handoffs_per_100_entered", e) &&
         c.optionalNumber(e, Checker::join(path, "handoffs_per_100_entered"), j.handoffsPer100);
}

}  // namespace

bool readMetrics(std::string_view json, MetricsFile& out, std::string& error) {
  out = MetricsFile();
  simdjson::dom::parser parser;
  simdjson::padded_string padded(json);
  element root;
  if (auto code = parser.parse(padded).get(root)) {
    error = fmt::format("not valid JSON ({})", simdjson::error_message(code));
    return false;
  }
  Checker c;
  object top, journeys;
  element until;
  bool ok = c.asObject(root, "", top) && c.field(top, "", "until", until);
  if (ok && !until.is_null()) {
    std::string_view text;
    if (until.get_string().get(text)) ok = c.expected("until", "an ISO 8601 time or null", until);
    else out.until = std::string(text);
  }
  ok = ok && c.objectField(top, "", "journeys", journeys);
  if (ok) {
    for (auto [name, value] : journeys) {
      JourneyFigures j;
      if (!readJourney(c, name, value, j)) break;
      out.journeys.push_back(std::move(j));
    }
  }
  if (!c.error.empty()) {
    error = c.error;
    return false;
  }
  return true;
}

}  // namespace onb::report
