// `onb report`'s plain-text summary (stdout): per journey, who entered, activation per
// cohort, the uplift with its interval, time to value, D7 retention, hand-offs and the
// top suppression reasons. Numbers are written as in the HTML page (figure_format.hpp).
#pragma once

#include <string>

#include "cli/report/metrics_file.hpp"

namespace onb::report {

std::string textSummary(const MetricsFile& file);

}  // namespace onb::report
