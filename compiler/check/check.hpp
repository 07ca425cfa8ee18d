// The checker: names, types and lints (LANGUAGE.md sections 3, 4, 5, 8 and 10).
#pragma once

#include "compiler/check/checked_program.hpp"
#include "compiler/check/program_loader.hpp"
#include "grammar/diagnostics/diagnostic.hpp"
#include "grammar/source/source_file.hpp"

namespace onb {

struct CheckOptions {
  bool lints = true;  // report the warnings of section 10
};

// Resolves and types the loaded program. Errors and warnings go to `sink` (warnings
// silenced by `# onb:allow` comments are dropped before returning). The result is only
// fit for codegen when the sink has no errors.
sema::CheckedProgram check(const LoadedProgram& program, const SourceManager& sources, DiagnosticSink& sink,
                           const CheckOptions& options = {});

}  // namespace onb
