// Shared by the commands that report diagnostics: --format and --color, and the exit
// status they imply.
#pragma once

#include <string>
#include <vector>

#include "grammar/diagnostics/diagnostic.hpp"
#include "grammar/source/source_file.hpp"

namespace CLI {
class App;
}

namespace onb::cli {

struct DiagnosticOutputArgs {
  std::string format = "text";
  std::string color = "auto";
};

void addDiagnosticOutputOptions(CLI::App& cmd, DiagnosticOutputArgs& args);

// Prints the diagnostics (text and GitHub annotations to stderr, JSON and SARIF to
// stdout, where CI tools collect them) and returns the exit status: 1 with errors (or
// warnings when denyWarnings), else 0.
int reportDiagnostics(const std::vector<Diagnostic>& diagnostics, const SourceManager& sources,
                      const DiagnosticOutputArgs& args, bool denyWarnings);

}  // namespace onb::cli
