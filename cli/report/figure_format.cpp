#include "cli/report/figure_format.hpp"

#include <cmath>

#include <fmt/format.h>

namespace onb::report {

std::string_view figureFormatName(FigureFormat format) {
  switch (format) {
    case FigureFormat::Count: return "count";
    case FigureFormat::Percent: return "pct";
    case FigureFormat::Points: return "pp";
    case FigureFormat::Duration: return "dur";
    case FigureFormat::Decimal: return "dec";
  }
  return "?";
}

std::string formatCount(uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string formatPercent(double fraction) { return fmt::format("{:.1f}%", fraction * 100); }

std::string formatPoints(double fraction) { return fmt::format("{:+.1f} pp", fraction * 100); }

std::string formatDecimal(double v) { return fmt::format("{:.1f}", v); }

std::string formatDuration(int64_t ms) {
  constexpr int64_t kSecond = 1000, kMinute = 60 * kSecond, kHour = 60 * kMinute, kDay = 24 * kHour;
  if (ms < 0) return fmt::format("-{}", formatDuration(-ms));
  if (ms >= kDay) return fmt::format("{}d {}h", ms / kDay, ms % kDay / kHour);
  if (ms >= kHour) return fmt::format("{}h {}m", ms / kHour, ms % kHour / kMinute);
  if (ms >= kMinute) return fmt::format("{}m {}s", ms / kMinute, ms % kMinute / kSecond);
  if (ms >= kSecond) return fmt::format("{}s", ms / kSecond);
  return fmt::format("{}ms", ms);
}

std::string formatFigure(double value, FigureFormat format) {
  switch (format) {
    case FigureFormat::Count: return formatCount(static_cast<uint64_t>(value));
    case FigureFormat::Percent: return formatPercent(value);
    case FigureFormat::Points: return formatPoints(value);
    case FigureFormat::Duration: return formatDuration(static_cast<int64_t>(value));
    case FigureFormat::Decimal: return formatDecimal(value);
  }
  return "?";
}

std::string escapeXml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string figureMarkup(std::string_view tag, std::string_view key, double value, FigureFormat format) {
  // data-v: the shortest text that reads back as the same double (integers stay integers).
  const std::string exact = std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 9.0e15
                                ? fmt::format("{}", static_cast<int64_t>(value))
                                : fmt::format("{}", value);
  return fmt::format("<{0} class=\"fig\" data-k=\"{1}\" data-f=\"{2}\" data-v=\"{3}\">{4}</{0}>", tag, escapeXml(key),
                     figureFormatName(format), exact, escapeXml(formatFigure(value, format)));
}

}  // namespace onb::report
