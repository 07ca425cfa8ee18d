// A small SVG writer for the report's charts: shapes and text in user units, styled by
// classes of the page's stylesheet (html_report.cpp), so the SVG is inline and needs
// nothing from the network. Every chart is an accessible image: role="img" with a
// <title> and a <desc> that screen readers announce.
#pragma once

#include <string>
#include <string_view>

namespace onb::report {

enum class Anchor : uint8_t { Start, Middle, End };

class SvgCanvas {
 public:
  // `id` must be unique in the page (it names the title and description elements).
  SvgCanvas(double width, double height, std::string_view id, std::string_view title, std::string_view description);

  // `tooltip` becomes a <title> child, shown on hover.
  void rect(double x, double y, double w, double h, std::string_view fill, std::string_view tooltip = {});
  void line(double x1, double y1, double x2, double y2, std::string_view stroke, double width = 1,
            bool dashed = false);
  void circle(double cx, double cy, double r, std::string_view fill);
  // `content` is markup: escaped text and figure <tspan>s (figureMarkup).
  void text(double x, double y, std::string_view content, std::string_view cls = "lbl", Anchor anchor = Anchor::Start);
  // Plain text, escaped here.
  void label(double x, double y, std::string_view text, std::string_view cls = "lbl", Anchor anchor = Anchor::Start);

  double width() const { return width_; }
  double height() const { return height_; }
  std::string finish();

 private:
  std::string out_;
  double width_;
  double height_;
};

// Rounds to 0.1 user units: short attributes, the same rendering.
std::string svgNumber(double v);

}  // namespace onb::report
