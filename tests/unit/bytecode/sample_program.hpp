// A hand-built Program for the bytecode tests: two journeys modelled on LANGUAGE.md's
// example, whose functions use every opcode and operand format, every history slot kind,
// both triggers, every anchor but `last E`, limits, once, caps and filtered streams. It
// verifies; tests corrupt copies of it.
#pragma once

#include <cstdint>
#include <string_view>

#include "runtime/bytecode/program.hpp"

namespace onb::bc::testing {

// Function indexes of sampleProgram() that tests corrupt by name.
enum SampleFn : int32_t {
  kEmailRequires = 0,
  kSmsRequires,
  kBillingFilter,
  kEnterWhere,
  kGoalWhere,
  kExitIf,
  kWelcomeWith,
  kUnlessProject,
  kPlanNotFree,
  kStuckCondition,
  kStuckWith,
  kPricingCondition,
  kPricingOpenedWhere,
  kUnlessSubscribed,
  kAnchorWhere,
  kKitchenSinkWith,
  kSubscribedWhere,
  kSubscribedWith,
  kLateFailureFilter,
  kThanksCondition,
  kSampleFnCount
};

// Rule indexes.
enum SampleRule : uint32_t {
  kWelcome = 0,
  kFirstProjectNudge,
  kSmsRescue,
  kStuck,
  kPricingIntent,
  kGoneQuiet,
  kFirstOpenFollowup,
  kSubscribedEmit,
  kThanks,
};

Program sampleProgram();

// The instruction `index` (relative) of function `fn`.
Insn& insnOf(Program& p, int32_t fn, uint32_t index);

// Appends a function of `regs` registers and `results` results made of `code` (every
// instruction on line `line`), keeping maxRegisters up to date; returns its index.
int32_t addFunction(Program& p, uint16_t regs, uint16_t results, uint32_t event, std::initializer_list<Insn> code,
                    uint32_t line = 1);

inline Insn insn(Op op, uint16_t a = 0, uint16_t b = 0, int32_t c = 0) {
  Insn x{op};
  x.a = a;
  x.b = b;
  x.c = c;
  return x;
}

}  // namespace onb::bc::testing
