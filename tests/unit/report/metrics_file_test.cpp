// Reading the metrics file back (cli/report/metrics_file.hpp): figures, nulls, and the
// errors a bad file gets.
#include <gtest/gtest.h>

#include "cli/report/metrics_file.hpp"

namespace onb::report {
namespace {

constexpr const char* kFile = R"({"until": "2025-04-07T00:00:00.000Z",
 "journeys": {"activation": {
   "entered": {"treatment": 18019, "holdout": 1981},
   "activation": {"treatment": {"converted": 8998, "rate": 0.4994},
                  "holdout": {"converted": 985, "rate": 0.4972}},
   "uplift": {"activation": 0.0021, "ci95": [-0.021, 0.025]},
   "ttv_ms": {"treatment": {"median": 147600000, "p90": 380000000}, "holdout": null},
   "ttv_histogram": {"bucket_ms": 43200000, "treatment": [8000, 998], "holdout": [985, 0]},
   "retention": {"d1": {"treatment": {"eligible": 18019, "retained": 5602, "rate": 0.311},
                        "holdout": {"eligible": 0, "retained": 0, "rate": null}},
                 "d7": {"treatment": {"eligible": 10, "retained": 1, "rate": 0.1},
                        "holdout": {"eligible": 0, "retained": 0, "rate": null}},
                 "d30": {"treatment": {"eligible": 0, "retained": 0, "rate": null},
                        "holdout": {"eligible": 0, "retained": 0, "rate": null}}},
   "by_rule": {"welcome": {"send": 15242, "deferred": 7433, "suppressed_consent": 1788,
                           "suppressed_holdout": 1981}, "never": {}},
   "handoffs_per_100_entered": 11.475},
  "quiet": {"entered": {"treatment": 0, "holdout": 0}, "activation": null, "uplift": null,
            "ttv_ms": null, "retention": null, "by_rule": {}, "handoffs_per_100_entered": null}}}
)";

TEST(MetricsFile, ReadsEveryFigure) {
  MetricsFile m;
  std::string error;
  ASSERT_TRUE(readMetrics(kFile, m, error)) << error;
  ASSERT_EQ(m.until, "2025-04-07T00:00:00.000Z");
  ASSERT_EQ(m.journeys.size(), 2u);
  const JourneyFigures& j = m.journeys[0];
  EXPECT_EQ(j.name, "activation");
  EXPECT_EQ(j.entered(), 20000u);
  EXPECT_TRUE(j.hasGoal);
  EXPECT_EQ(j.cohorts[kTreatment].converted, 8998u);
  EXPECT_DOUBLE_EQ(*j.cohorts[kHoldout].rate, 0.4972);
  ASSERT_TRUE(j.uplift);
  EXPECT_DOUBLE_EQ(j.uplift->low, -0.021);
  EXPECT_EQ(*j.cohorts[kTreatment].ttvP90, 380000000);
  EXPECT_FALSE(j.cohorts[kHoldout].ttvMedian);
  EXPECT_EQ(j.ttvBucketMs, 43200000);
  EXPECT_EQ(j.cohorts[kTreatment].ttvHistogram, (std::vector<uint64_t>{8000, 998}));
  EXPECT_TRUE(j.hasRetention);
  EXPECT_EQ(j.cohorts[kTreatment].retention[0].retained, 5602u);
  EXPECT_FALSE(j.cohorts[kHoldout].retention[1].rate);
  ASSERT_EQ(j.rules.size(), 2u);
  EXPECT_EQ(j.rules[0].counts[0], 15242u);  // send
  EXPECT_EQ(j.rules[0].counts[4], 1981u);   // suppressed_holdout
  EXPECT_EQ(j.total(3), 7433u);              // deferred
  EXPECT_DOUBLE_EQ(*j.handoffsPer100, 11.475);
  const JourneyFigures& q = m.journeys[1];
  EXPECT_FALSE(q.hasGoal);
  EXPECT_FALSE(q.hasRetention);
  EXPECT_FALSE(q.uplift);
  EXPECT_FALSE(q.handoffsPer100);
  EXPECT_TRUE(q.rules.empty());
}

TEST(MetricsFile, OlderFilesWithoutHistogramAreFine) {
  std::string text = kFile;
  const size_t at = text.find("\"ttv_histogram\"");
  text.erase(at, text.find("\"retention\"") - at);
  MetricsFile m;
  std::string error;
  ASSERT_TRUE(readMetrics(text, m, error)) << error;
  EXPECT_EQ(m.journeys[0].ttvBucketMs, 0);
  EXPECT_TRUE(m.journeys[0].cohorts[kTreatment].ttvHistogram.empty());
}

std::string errorOf(const std::string& text) {
  MetricsFile m;
  std::string error;
  EXPECT_FALSE(readMetrics(text, m, error)) << text;
  return error;
}

std::string replaced(std::string_view from, std::string_view to) {
  std::string text = kFile;
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

TEST(MetricsFile, BadFilesSayWhatAndWhere) {
  EXPECT_EQ(errorOf("[1, 2]"), "expected an object, got an array");
  EXPECT_NE(errorOf("{\"until\": ").find("not valid JSON"), std::string::npos);
  EXPECT_EQ(errorOf("{\"journeys\": {}}"), "missing `until`");
  EXPECT_EQ(errorOf(replaced("\"treatment\": 18019", "\"treatment\": \"many\"")),
            "journeys.activation.entered.treatment: expected a count (a non-negative integer), got a string");
  EXPECT_EQ(errorOf(replaced("\"treatment\": 18019", "\"treatment\": -3")),
            "journeys.activation.entered.treatment: expected a count, got -3");
  EXPECT_EQ(errorOf(replaced("\"rate\": 0.4994", "\"rate\": 49.94")),
            "journeys.activation.activation.treatment.rate: a rate is in 0..1, got 49.94");
  EXPECT_EQ(errorOf(replaced("\"ci95\": [-0.021, 0.025]", "\"ci95\": [0.1]")),
            "journeys.activation.uplift.ci95: expected an array of two numbers [low, high]");
  EXPECT_EQ(errorOf(replaced("\"suppressed_consent\"", "\"suppressed_mood\"")).substr(0, 60),
            "journeys.activation.by_rule.welcome: unknown count `suppress");
  EXPECT_EQ(errorOf(replaced("\"converted\": 8998", "\"converted\": 18020")),
            "journeys.activation.activation.treatment: 18020 converted of 18019 entered");
  EXPECT_EQ(errorOf(replaced("[8000, 998]", "[8000, 999]")),
            "journeys.activation.ttv_histogram.treatment: the buckets add up to 8999, not to the 8998 converted");
  EXPECT_EQ(errorOf(replaced("\"by_rule\": {}", "\"rules\": {}")), "journeys.quiet: missing `by_rule`");
}

}  // namespace
}  // namespace onb::report
