// Phrases shared by the renderers, so the text, JSON, SARIF and GitHub outputs and
// `onb explain` say the same thing the same way.
#pragma once

#include <string>
#include <string_view>

#include "grammar/diagnostics/diagnostic.hpp"
#include "grammar/source/source_file.hpp"

namespace onb::render {

// "error", "warning" or "note": the word used in every format (and SARIF's level).
std::string_view severityName(Severity severity);

// "E0203 wrong-destination": a kind's code and name, as a title.
std::string kindTitle(DiagKind kind);

// True when `kind` can be silenced with `# onb:allow` (its kind is a warning, whatever
// severity the diagnostic was finally reported with).
bool isSilenceable(DiagKind kind);

// The one-line hint attached to a warning: "silence with `# onb:allow no-goal`".
std::string silenceHint(DiagKind kind);

// The full instructions `onb explain` and SARIF's rule help give for a warning: both the
// `# onb:allow NAME` and the `# onb:allow-file NAME` form. Several lines, no trailing
// newline.
std::string silenceInstructions(DiagKind kind);

// What a fix-it does, for people: "replace with `handoff`", or "insert `x`" (empty span),
// "remove `x`" (empty replacement), or "replace `old` with `new`" when the fix does not
// cover exactly the diagnostic's primary span.
std::string fixHelp(const FixIt& fix, Span primary, const SourceManager& sources);

// "2 errors, 1 warning", "1 error", "3 warnings"; empty when both counts are zero.
std::string countSummary(size_t errors, size_t warnings);

}  // namespace onb::render
