#include "cli/report/svg_canvas.hpp"

#include <cmath>

#include <fmt/format.h>

#include "cli/report/figure_format.hpp"

namespace onb::report {

std::string svgNumber(double v) {
  double r = std::round(v * 10) / 10;
  if (r == 0) r = 0;  // no "-0"
  return r == std::floor(r) ? fmt::format("{}", static_cast<long long>(r)) : fmt::format("{:.1f}", r);
}

SvgCanvas::SvgCanvas(double width, double height, std::string_view id, std::string_view title,
                     std::string_view description)
    : width_(width), height_(height) {
  const std::string safeId = escapeXml(id);
  out_ = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"{0}\" viewBox=\"0 0 {1} {2}\" width=\"{1}\" "
      "height=\"{2}\" role=\"img\" aria-labelledby=\"{0}-t {0}-d\">\n<title id=\"{0}-t\">{3}</title>\n"
      "<desc id=\"{0}-d\">{4}</desc>\n",
      safeId, svgNumber(width), svgNumber(height), escapeXml(title), escapeXml(description));
}

void SvgCanvas::rect(double x, double y, double w, double h, std::string_view fill, std::string_view tooltip) {
  out_ += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"", svgNumber(x), svgNumber(y),
                      svgNumber(std::max(0.0, w)), svgNumber(std::max(0.0, h)), fill);
  if (tooltip.empty()) {
    out_ += "/>\n";
  } else {
    out_ += fmt::format("><title>{}</title></rect>\n", escapeXml(tooltip));
  }
}

void SvgCanvas::line(double x1, double y1, double x2, double y2, std::string_view stroke, double width, bool dashed) {
  out_ += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"{}\"{}/>\n",
                      svgNumber(x1), svgNumber(y1), svgNumber(x2), svgNumber(y2), stroke, svgNumber(width),
                      dashed ? " stroke-dasharray=\"4 3\"" : "");
}

void SvgCanvas::circle(double cx, double cy, double r, std::string_view fill) {
  out_ += fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{}\"/>\n", svgNumber(cx), svgNumber(cy),
                      svgNumber(r), fill);
}

void SvgCanvas::text(double x, double y, std::string_view content, std::string_view cls, Anchor anchor) {
  static const char* kAnchors[] = {"start", "middle", "end"};
  out_ += fmt::format("<text x=\"{}\" y=\"{}\" class=\"{}\"{}>{}</text>\n", svgNumber(x), svgNumber(y), cls,
                      anchor == Anchor::Start
                          ? ""
                          : fmt::format(" text-anchor=\"{}\"", kAnchors[static_cast<int>(anchor)]),
                      content);
}

void SvgCanvas::label(double x, double y, std::string_view text, std::string_view cls, Anchor anchor) {
  this->text(x, y, escapeXml(text), cls, anchor);
}

std::string SvgCanvas::finish() { return out_ + "</svg>\n"; }

}  // namespace onb::report
