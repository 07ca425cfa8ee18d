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
#include "runtime/vm/function_runner.hpp"
#include "runtime/vm/scratch_arena.hpp"
#include "stdlib/builtins.hpp"

namespace onb::vm {

class Vm final : public FunctionRunner {
 public:
  explicit Vm(const bc::Program& program);

  // Runs function `fn`; its results are results()[0 .. resultCount) (results_ is the
  // register file: results are returned in place). Strings in results live until the
  // next resetScratch().
  bool run(int32_t fn, const Frame& frame) override;

 private:
  [[gnu::cold]] bool fail(const char* message) {
    error_ = message;
    return false;
  }
  bool missingTrait(uint32_t trait);
  // Runs `fn` with its registers starting at `base` (history filters evaluated at query
  // time run nested, above the registers of the function that queries them).
  bool runAt(int32_t fn, const Frame& frame, size_t base);
  // The Filter* instructions: run the stream's filter over its event log.
  bool filterQuery(const bc::Insn& insn, const Frame& frame, Value* regs, size_t next);

  const bc::Program& program_;
  std::vector<Value> regs_;
  std::vector<Value> constants_;      // materialized constants (strings point into the pool)
  std::vector<Value> traitDefaults_;  // per trait: its default, or missing
  std::vector<uint8_t> traitHasDefault_;
  std::vector<stdlib::BuiltinFn> builtins_;
  ScratchArena arena_;  // scratch_ points here
  std::string errorText_;
};

}  // namespace onb::vm
