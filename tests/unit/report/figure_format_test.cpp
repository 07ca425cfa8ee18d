// How the report writes numbers (cli/report/figure_format.hpp); tests/report/check_report.py
// formats them the same way.
#include <gtest/gtest.h>

#include "cli/report/figure_format.hpp"

namespace onb::report {
namespace {

TEST(FigureFormat, Numbers) {
  EXPECT_EQ(formatCount(0), "0");
  EXPECT_EQ(formatCount(999), "999");
  EXPECT_EQ(formatCount(18019), "18,019");
  EXPECT_EQ(formatCount(1234567), "1,234,567");
  EXPECT_EQ(formatPercent(0.4994), "49.9%");
  EXPECT_EQ(formatPercent(1), "100.0%");
  EXPECT_EQ(formatPoints(0.0021), "+0.2 pp");
  EXPECT_EQ(formatPoints(-0.021), "-2.1 pp");
  EXPECT_EQ(formatDecimal(11.475), "11.5");
}

TEST(FigureFormat, Durations) {
  EXPECT_EQ(formatDuration(250), "250ms");
  EXPECT_EQ(formatDuration(12'999), "12s");
  EXPECT_EQ(formatDuration(250'000), "4m 10s");
  EXPECT_EQ(formatDuration(3 * 3'600'000 + 5 * 60'000), "3h 5m");
  EXPECT_EQ(formatDuration(147'600'000), "1d 17h");
}

TEST(FigureFormat, MarkupCarriesTheExactValue) {
  EXPECT_EQ(figureMarkup("tspan", "journeys.a.entered.treatment", 18019, FigureFormat::Count),
            "<tspan class=\"fig\" data-k=\"journeys.a.entered.treatment\" data-f=\"count\" data-v=\"18019\">18,019</tspan>");
  EXPECT_EQ(figureMarkup("span", "x", 0.4994, FigureFormat::Percent),
            "<span class=\"fig\" data-k=\"x\" data-f=\"pct\" data-v=\"0.4994\">49.9%</span>");
  EXPECT_EQ(escapeXml("<a & \"b\">"), "&lt;a &amp; &quot;b&quot;&gt;");
}

}  // namespace
}  // namespace onb::report
