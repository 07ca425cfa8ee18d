// Loading the PROGRAM argument of run/disasm: a .onb source (compiled, diagnostics
// printed) or a .onbc artifact (loaded and verified).
#pragma once

#include <cstdint>

#include <memory>
#include <string>

#include "cli/diagnostic_output.hpp"
#include "runtime/bytecode/program.hpp"

namespace onb::cli {

// Returns the program, or nullptr with `status` set (1: the program has errors; 2: it
// could not be read or the artifact is invalid).
// A duration flag (`--lateness 1h`, `--dedup-window 250ms`, or milliseconds) into `out`;
// empty text leaves `out` as it is. False, after "onb COMMAND: FLAG takes a duration ..."
// on stderr, when the text is not a duration.
bool durationOption(const char* command, const std::string& text, const char* flag, int64_t& out);

std::shared_ptr<const bc::Program> loadProgramArg(const std::string& path, const DiagnosticOutputArgs& output,
                                                  int& status);

}  // namespace onb::cli
