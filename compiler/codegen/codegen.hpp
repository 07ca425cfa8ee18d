// Codegen: a checked program -> a bc::Program (bytecode functions, rule and journey
// tables, and the per-user state layout derived from what the program reads).
#pragma once

#include <string>

#include "compiler/check/checked_program.hpp"
#include "compiler/check/program_loader.hpp"
#include "grammar/source/source_file.hpp"
#include "runtime/bytecode/program.hpp"

namespace onb {

struct CompileOptions {
  // Window counts compared with a constant k keep only the last k times when k is at most
  // this; larger k (or a count used any other way) keeps every time inside the window.
  uint32_t maxRingSize = 64;
};

// Only for programs that checked without errors (internal invariants assert).
bc::Program compile(const sema::CheckedProgram& checked, const LoadedProgram& loaded, const SourceManager& sources,
                    const CompileOptions& options = {});

}  // namespace onb
