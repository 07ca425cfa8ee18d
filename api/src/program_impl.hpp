// What an onb::Program holds, and the one way the library's other files reach it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "onb/onb.hpp"
#include "runtime/bytecode/program.hpp"

namespace onb {

// Hidden like everything internal (a nested class would inherit Program's visibility).
struct [[gnu::visibility("hidden")]] Program::Impl {
  bc::Program program;                // verified (codegen output or a loaded artifact)
  std::vector<std::string> warnings;  // first rendered line of each compile warning
};

// Creates Programs and opens them up, for the library's own files (engine, C API).
struct ProgramAccess {
  static Program make(std::shared_ptr<const Program::Impl> impl) { return Program(std::move(impl)); }
  static const std::shared_ptr<const Program::Impl>& impl(const Program& p) { return p.impl_; }
};

// "MAJOR.MINOR.PATCH": the compiler version written into artifacts.
std::string compilerVersionString();

}  // namespace onb
