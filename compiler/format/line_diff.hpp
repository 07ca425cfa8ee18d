// A line-based unified diff, for `onb fmt --diff` (no external tools).
#pragma once

#include <string>
#include <string_view>

namespace onb {

// The unified diff (3 lines of context, GNU `diff -u` hunk headers) that turns `before`
// into `after`, headed `--- fromName` / `+++ toName`; empty when the texts are equal. A
// last line without a newline is marked `\ No newline at end of file`. Uses Myers'
// algorithm on the lines between the common prefix and suffix; past 2,000 inserted and
// deleted lines it gives up on finding the smallest diff and replaces that whole middle.
std::string unifiedDiff(std::string_view before, std::string_view after, std::string_view fromName,
                        std::string_view toName);

}  // namespace onb
