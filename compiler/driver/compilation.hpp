// The whole front end in one call: load (parse + imports) -> check -> codegen, keeping
// every phase's output for the tools that show it (check, dump, disasm, fmt).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "compiler/check/check.hpp"
#include "compiler/codegen/codegen.hpp"
#include "runtime/bytecode/program.hpp"

namespace onb {

struct CompilationOptions {
  bool lints = true;    // report the section 10 warnings
  bool codegen = true;  // produce a bc::Program when there are no errors
  ParseOptions parse;
  CompileOptions compile;
};

struct Compilation {
  std::shared_ptr<SourceManager> sources;  // may be shared by several compilations
  DiagnosticSink diagnostics;
  LoadedProgram loaded;
  sema::CheckedProgram checked;
  std::optional<bc::Program> program;  // when codegen was asked for and there were no errors
  bool rootUnreadable = false;         // the root file could not be read (an I/O error: exit 2)
  std::string rootError;
};

// `text`, when given, is the root file's content (imports are still read from disk,
// relative to `path`). Diagnostics are sorted by location.
// `sources`, when given, receives the files (several programs checked in one run share
// one, so their diagnostics render together).
std::unique_ptr<Compilation> compileProgram(const std::string& path, const std::string* text = nullptr,
                                            const CompilationOptions& options = {},
                                            std::shared_ptr<SourceManager> sources = nullptr);

}  // namespace onb
