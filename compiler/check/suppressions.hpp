// Silencing warnings where they are reported, with comments (no new keywords):
//
//   # onb:allow no-goal, no-cap       on the line(s) just above a declaration, journey,
//                                     journey item or rule, or at the end of its first
//                                     line: silences those warnings inside it
//   # onb:allow-file unused-declaration   anywhere: silences it in the whole file
//
// Names are the warnings' stable names or codes (`no-goal` or `W0001`). Errors cannot be
// silenced. An unknown name is itself a warning (unknown-allow), silenced like the others:
// `# onb:allow-file unknown-allow` lets a file name warnings that a newer onb knows.
#pragma once

#include "compiler/check/program_loader.hpp"
#include "grammar/diagnostics/diagnostic.hpp"
#include "grammar/source/source_file.hpp"

namespace onb {

void applySuppressions(const LoadedProgram& program, const SourceManager& sources, DiagnosticSink& sink);

}  // namespace onb
