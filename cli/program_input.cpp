#include "cli/program_input.hpp"

#include <fmt/format.h>

#include "compiler/driver/compilation.hpp"

namespace onb::cli {

std::shared_ptr<const bc::Program> loadProgramArg(const std::string& path, const DiagnosticOutputArgs& output,
                                                  int& status) {
  auto c = compileProgram(path);
  if (c->rootUnreadable) {
    fmt::print(stderr, "onb: {}\n", c->rootError);
    status = 2;
    return nullptr;
  }
  // Warnings are not shown by run: `onb check` is where they belong.
  std::vector<Diagnostic> errors;
  for (const Diagnostic& d : c->diagnostics.diagnostics())
    if (d.severity == Severity::Error) errors.push_back(d);
  if (!errors.empty() || !c->program) {
    reportDiagnostics(errors, *c->sources, output, false);
    status = 1;
    return nullptr;
  }
  return std::make_shared<const bc::Program>(std::move(*c->program));
}

}  // namespace onb::cli
