// Typed events as Segment JSON lines: the one definition of what a typed Event means.
#pragma once

#include <string>

#include "onb/onb.hpp"

namespace onb {

// Appends the JSON line of `event` (no newline) to `out`.
void appendJsonLine(const Event& event, std::string& out);

}  // namespace onb
