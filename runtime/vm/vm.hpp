// The onb VM: evaluates one bytecode function of a verified bc::Program against one
// user's state (traits, history) and, where the function has one, one event.
//
// A Vm is per thread (it owns the registers and the scratch arena); the Program is shared.
// Runtime errors (division by zero, overflow, a missing required trait, a failed history
// filter) are values: run() returns false and error() says why; the engine turns them
// into `error` records.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "runtime/bytecode/program.hpp"
#include "runtime/vm/scratch_arena.hpp"
#include "stdlib/builtins.hpp"

namespace onb::vm {

// What a function reads besides its registers.
struct Frame {
  const uint8_t* user = nullptr;  // the user's state block
  const Value* event = nullptr;   // the event's properties (functions with an event)
  int64_t now = 0;
  int64_t enteredAt = 0;
  std::string_view userId;
};

class Vm {
 public:
  explicit Vm(const bc::Program& program);

  // Runs function `fn`; its results are results()[0 .. resultCount). Strings in results
  // live until the next resetScratch().
  bool run(int32_t fn, const Frame& frame);
  const Value* results() const { return regs_.data(); }
  bool resultBool() const { return regs_[0].i != 0; }
  const char* error() const { return error_; }
  // Frees the strings made by earlier runs (call once per firing).
  void resetScratch() { scratch_.reset(); }

 private:
  [[gnu::cold]] bool fail(const char* message) {
    error_ = message;
    return false;
  }
  bool missingTrait(uint32_t trait);

  const bc::Program& program_;
  std::vector<Value> regs_;
  std::vector<Value> constants_;      // materialized constants (strings point into the pool)
  std::vector<Value> traitDefaults_;  // per trait: its default, or missing
  std::vector<uint8_t> traitHasDefault_;
  std::vector<stdlib::BuiltinFn> builtins_;
  ScratchArena scratch_;
  const char* error_ = nullptr;
  std::string errorText_;
};

}  // namespace onb::vm
