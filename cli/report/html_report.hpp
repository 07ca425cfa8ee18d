// `onb report`'s page: one self-contained HTML file (inline CSS and SVG, no script, no
// external resource) with a header (until, totals), an overview of the journeys and, per
// journey, its key figures and charts. docs/report.md shows it.
#pragma once

#include <string>

#include "cli/report/metrics_file.hpp"

namespace onb::report {

struct ReportInfo {
  std::string source;   // where the figures come from, e.g. "metrics.json" (shown in the header)
  std::string version;  // onb's version
};

std::string htmlReport(const MetricsFile& file, const ReportInfo& info);

}  // namespace onb::report
