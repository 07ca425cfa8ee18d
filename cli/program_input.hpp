// Loading the PROGRAM argument of run/disasm: a .onb source (compiled, diagnostics
// printed) or a .onbc artifact (loaded and verified).
#pragma once

#include <memory>
#include <string>

#include "cli/diagnostic_output.hpp"
#include "runtime/bytecode/program.hpp"

namespace onb::cli {

// Returns the program, or nullptr with `status` set (1: the program has errors; 2: it
// could not be read or the artifact is invalid).
std::shared_ptr<const bc::Program> loadProgramArg(const std::string& path, const DiagnosticOutputArgs& output,
                                                  int& status);

}  // namespace onb::cli
