// The machine code of a program's functions: one LLVM module compiled by an ORC LLJIT
// that lives as long as the code (private to runtime/jit/; no LLVM header here).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "runtime/bytecode/program.hpp"
#include "runtime/jit/native_abi.hpp"

namespace onb::jit {

class NativeModule {
 public:
  // Compiles every function of `program` that the code generator supports: native[fn] is
  // its code, or null (the VM runs it). Returns null and sets `error` when LLVM fails.
  static std::unique_ptr<NativeModule> compile(const bc::Program& program, std::vector<NativeFn>& native,
                                               std::string& error);
  ~NativeModule();

 private:
  struct Impl;
  explicit NativeModule(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace onb::jit
