// The contract between compiled functions and the C++ that runs them: the context a
// compiled function receives, at fixed offsets, and the helpers it calls back into.
//
// A compiled function is `int32_t fn(NativeContext*)`: 1 when it succeeded (its results
// are in regs[0 .. resultCount), laid out as vm::Value), 0 on a runtime error (the
// message is in `error`). Helpers are called through their addresses, embedded in the
// code as constants, so nothing is resolved by name when the module is linked.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "runtime/bytecode/program.hpp"
#include "runtime/vm/scratch_arena.hpp"

namespace onb::vm {
class Vm;
}

namespace onb::jit {

struct NativeContext;
using NativeFn = int32_t (*)(NativeContext*);

// What the helpers need besides their arguments; owned by the JitRunner.
struct HelperState {
  const bc::Program* program = nullptr;
  vm::ScratchArena* scratch = nullptr;
  std::string errorText;  // the message of a missing trait (built on demand)
  // For the Filter* instructions: per function its native code (null: not compiled), and
  // the VM that runs the others.
  const NativeFn* native = nullptr;
  vm::Vm* vm = nullptr;
};

// Read and written by compiled code at the offsets below; plain data.
struct NativeContext {
  Value* regs;            // results are written here (the runner's result registers)
  const uint8_t* user;    // the user's state block
  const Value* event;     // the event's properties
  int64_t now;
  int64_t enteredAt;
  const char* userId;
  uint64_t userIdLength;
  const char* error;      // set on failure
  HelperState* helpers;
};

inline constexpr uint32_t kCtxRegs = offsetof(NativeContext, regs);
inline constexpr uint32_t kCtxUser = offsetof(NativeContext, user);
inline constexpr uint32_t kCtxEvent = offsetof(NativeContext, event);
inline constexpr uint32_t kCtxNow = offsetof(NativeContext, now);
inline constexpr uint32_t kCtxEnteredAt = offsetof(NativeContext, enteredAt);
inline constexpr uint32_t kCtxUserId = offsetof(NativeContext, userId);
inline constexpr uint32_t kCtxUserIdLength = offsetof(NativeContext, userIdLength);
inline constexpr uint32_t kCtxError = offsetof(NativeContext, error);

// vm::Value as compiled code sees it: payload (i64, a double's bits or a pointer),
// then the string length (u32), then the missing flag (u8).
inline constexpr uint32_t kValuePayload = offsetof(Value, i);
inline constexpr uint32_t kValueLength = offsetof(Value, len);
inline constexpr uint32_t kValueMissing = offsetof(Value, missing);
inline constexpr uint32_t kValueSize = sizeof(Value);

// The runtime errors' messages: the same text as the VM's.
inline constexpr const char* kIntegerOverflow = "integer overflow";
inline constexpr const char* kDivisionByZero = "division by zero";
inline constexpr const char* kNotFinite = "float result is not finite";
inline constexpr const char* kStringTooLong = "string too long";
inline constexpr const char* kFilterFailed = "a history filter `(E where X)` failed on an event in this window";

// ---- Helpers called by compiled code -------------------------------------------------
// Plain C signatures (integers and pointers only) so that the code generator declares
// them without knowing C++ ABI rules.
extern "C" {
// Three-way bytewise comparison of two strings: <0, 0 or >0 (std::string_view::compare).
int32_t onbJitCompareStrings(const char* a, uint64_t aLength, const char* b, uint64_t bLength);
// a + b in the scratch arena; the caller checked that the length fits in 32 bits.
const char* onbJitConcat(NativeContext* ctx, const char* a, uint64_t aLength, const char* b, uint64_t bLength);
// Built-in `id` on args[0..arity); 0 on a runtime error (ctx->error says why).
int32_t onbJitCallBuiltin(NativeContext* ctx, uint32_t id, const Value* args, Value* out);
// Sets ctx->error to the missing-trait message of `trait`; returns 0.
int32_t onbJitMissingTrait(NativeContext* ctx, uint32_t trait);
// fmod(a, b), the C library's: called, not folded by LLVM, so that a NaN result has the
// VM's bits (LLVM folds `frem` of constants to a NaN of another sign).
double onbJitFmod(double a, double b);
// The number of times > from in a history log (a TimeLog*, null: none).
int64_t onbJitCountAfter(const void* log, int64_t from);
// FilterCount, FilterCountWithin, FilterFirst, FilterLast (`op`, a bc::Op) on history
// stream `stream`: runs the stream's filter over the user's event log, nested (natively
// when the filter was compiled, else on the VM), and writes the result to *out, as
// Vm::filterQuery does; `window` is FilterCountWithin's duration. 0 when the filter failed
// on an event (ctx->error is its message).
int32_t onbJitFilterQuery(NativeContext* ctx, uint32_t op, uint32_t stream, int64_t window, Value* out);
}

}  // namespace onb::jit
