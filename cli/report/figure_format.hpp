// How the report writes numbers, in the HTML page and in the text summary. Every figure
// the page shows is tagged with where it comes from, so a test (or a reader with the
// browser's inspector) can check it against the metrics file:
//
//   <tspan data-k="journeys.activation.entered.treatment" data-f="count" data-v="18019">18,019</tspan>
//
// data-k is the figure's path in the metrics file (`total.<counter>` and
// `journeys.<j>.total.<counter>` for sums the report makes), data-f the format below,
// data-v the exact value. tests/report/check_report.py formats data-v the same way.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace onb::report {

enum class FigureFormat : uint8_t {
  Count,     // "18,019"
  Percent,   // a fraction as a percentage with one decimal: "49.9%"
  Points,    // a difference of fractions in percentage points, signed: "+0.2 pp"
  Duration,  // milliseconds, two units, truncated: "1d 17h", "3h 5m", "4m 10s", "12s", "250ms"
  Decimal,   // one decimal: "11.5"
};
std::string_view figureFormatName(FigureFormat format);

std::string formatCount(uint64_t n);
std::string formatPercent(double fraction);
std::string formatPoints(double fraction);
std::string formatDuration(int64_t ms);
std::string formatDecimal(double v);
std::string formatFigure(double value, FigureFormat format);

// Escapes text for HTML and SVG content and attribute values.
std::string escapeXml(std::string_view text);

// The figure as markup: <tag data-k data-f data-v>text</tag> (tag: "tspan" in SVG text,
// "span" in HTML).
std::string figureMarkup(std::string_view tag, std::string_view key, double value, FigureFormat format);

}  // namespace onb::report
