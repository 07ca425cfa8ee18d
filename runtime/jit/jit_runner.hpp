// The JIT backend: a vm::FunctionRunner that runs a program's bytecode functions as native
// code compiled with LLVM ORC (docs/jit.md), falling back to the VM for any function it
// did not compile. Same contract as vm::Vm: results, runtime errors and strings are
// identical, so an engine gives the same records with either.
//
// Every function is compiled when the runner is created (one LLVM module for the whole
// program). No LLVM header is reachable from here: the engine and the CLI see only this.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "runtime/bytecode/program.hpp"
#include "runtime/jit/native_abi.hpp"
#include "runtime/vm/function_runner.hpp"
#include "runtime/vm/vm.hpp"

namespace onb::jit {

class NativeModule;

struct JitStats {
  uint32_t functions = 0;  // in the program
  uint32_t compiled = 0;   // run as native code; the others run on the VM
  double compileMs = 0;    // IR generation, optimisation and machine code, all functions
  std::string error;       // why nothing was compiled (LLVM failed), or empty
};

class JitRunner final : public vm::FunctionRunner {
 public:
  // Compiles every function of `program` (verified, and outliving the runner) but those in
  // `onVm`, which run on the VM (tests of the fallback).
  explicit JitRunner(const bc::Program& program, const std::vector<int32_t>& onVm = {});
  ~JitRunner() override;

  bool run(int32_t fn, const vm::Frame& frame) override;

  const JitStats& stats() const { return stats_; }
  // Whether function `fn` runs as native code (tests).
  bool isCompiled(int32_t fn) const { return native_[static_cast<size_t>(fn)] != nullptr; }

 private:
  [[gnu::cold]] bool runOnVm(int32_t fn, const vm::Frame& frame);

  const bc::Program& program_;
  vm::Vm vm_;                      // the fallback; its arena is the runner's arena
  std::vector<Value> registers_;   // where compiled functions leave their results
  std::vector<NativeFn> native_;   // per function: the compiled code, or null (the VM)
  HelperState helpers_;
  NativeContext context_{};
  std::unique_ptr<NativeModule> module_;  // owns the machine code
  JitStats stats_;
};

}  // namespace onb::jit
