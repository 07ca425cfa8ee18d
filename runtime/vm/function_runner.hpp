// What the engine evaluates bytecode functions with: the interpreter (vm::Vm) or a native
// backend (the optional JIT, runtime/jit/). The engine knows only this interface.
//
// One indirect call per evaluation: run() is virtual; the accessors read state the
// implementation keeps current, so results(), resultBool(), error() and resetScratch()
// are plain inline loads, as they were when the engine called the VM directly.
#pragma once

#include <cstdint>
#include <string_view>

#include "runtime/bytecode/value.hpp"
#include "runtime/vm/scratch_arena.hpp"

namespace onb::vm {

// What a function reads besides its registers.
struct Frame {
  const uint8_t* user = nullptr;  // the user's state block
  const Value* event = nullptr;   // the event's properties (functions with an event)
  int64_t now = 0;
  int64_t enteredAt = 0;
  std::string_view userId;
};

class FunctionRunner {
 public:
  virtual ~FunctionRunner() = default;

  // Runs function `fn` of the program; its results are results()[0 .. resultCount).
  // A runtime error returns false and error() says why. Strings in results live until
  // the next resetScratch().
  virtual bool run(int32_t fn, const Frame& frame) = 0;

  const Value* results() const { return results_; }
  bool resultBool() const { return results_[0].i != 0; }
  const char* error() const { return error_; }
  // Frees the strings made by earlier runs (call once per firing).
  void resetScratch() { scratch_->reset(); }
  // The arena result strings are allocated in (a runner that delegates to another can
  // share it, so that one resetScratch() frees both).
  ScratchArena& scratchArena() { return *scratch_; }

 protected:
  FunctionRunner() = default;
  FunctionRunner(const FunctionRunner&) = delete;
  FunctionRunner& operator=(const FunctionRunner&) = delete;

  const Value* results_ = nullptr;   // where the last successful run left its results
  const char* error_ = nullptr;      // why the last run failed
  ScratchArena* scratch_ = nullptr;  // never null once constructed
};

}  // namespace onb::vm
