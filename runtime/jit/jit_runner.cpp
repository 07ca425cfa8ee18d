// The JIT runner: compiled code when a function has it, the VM when it does not. Both
// allocate strings in the same arena (the VM's), so resetScratch() frees either's.
#include "runtime/jit/jit_runner.hpp"

#include <chrono>

#include "runtime/jit/native_module.hpp"

namespace onb::jit {

JitRunner::JitRunner(const bc::Program& program, const std::vector<int32_t>& onVm)
    : program_(program), vm_(program), registers_(program.maxRegisters > 0 ? program.maxRegisters : 1) {
  scratch_ = &vm_.scratchArena();
  results_ = registers_.data();
  helpers_.program = &program_;
  helpers_.scratch = scratch_;
  context_.regs = registers_.data();
  context_.helpers = &helpers_;

  const auto start = std::chrono::steady_clock::now();
  module_ = NativeModule::compile(program_, native_, stats_.error);
  stats_.compileMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (!module_) native_.assign(program_.functions.size(), nullptr);
  for (int32_t fn : onVm) native_[static_cast<size_t>(fn)] = nullptr;
  helpers_.native = native_.data();
  helpers_.vm = &vm_;
  stats_.functions = static_cast<uint32_t>(program_.functions.size());
  for (NativeFn f : native_) stats_.compiled += f != nullptr;
}

JitRunner::~JitRunner() = default;

bool JitRunner::run(int32_t fn, const vm::Frame& frame) {
  const NativeFn native = native_[static_cast<size_t>(fn)];
  if (native == nullptr) [[unlikely]]
    return runOnVm(fn, frame);
  context_.user = frame.user;
  context_.event = frame.event;
  context_.now = frame.now;
  context_.enteredAt = frame.enteredAt;
  context_.userId = frame.userId.data();
  context_.userIdLength = frame.userId.size();
  results_ = registers_.data();
  error_ = nullptr;
  if (native(&context_)) [[likely]]
    return true;
  error_ = context_.error;
  return false;
}

bool JitRunner::runOnVm(int32_t fn, const vm::Frame& frame) {
  const bool ok = vm_.run(fn, frame);
  results_ = vm_.results();
  error_ = vm_.error();
  return ok;
}

}  // namespace onb::jit
