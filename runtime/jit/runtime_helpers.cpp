// The C++ that compiled code calls back into: strings, built-ins, history logs, filters
// run at query time and the missing-trait message. Each does exactly what the VM's handler
// does (runtime/vm/vm.cpp).
#include <cmath>
#include <cstring>
#include <limits>
#include <string_view>

#include "runtime/engine/user_state.hpp"
#include "runtime/jit/native_abi.hpp"
#include "runtime/vm/vm.hpp"
#include "stdlib/builtins.hpp"

namespace onb::jit {

namespace {

// Runs filter `fn` on one logged event: with the caller's user, time and id, the logged
// event's properties, and results of its own (compiled code keeps its registers on its
// stack, so a nested call disturbs nothing of the caller's). A filter that was not
// compiled runs on the VM, which is idle while compiled code runs.
bool runFilter(NativeContext* ctx, int32_t fn, const engine::EventLog::Entry& e, bool& pass) {
  HelperState& h = *ctx->helpers;
  if (const NativeFn native = h.native[fn]) {
    Value result[1];  // a filter returns one bool
    NativeContext nested = *ctx;
    nested.regs = result;
    nested.event = e.props.data();
    nested.error = nullptr;
    if (!native(&nested)) {
      ctx->error = nested.error;
      return false;
    }
    pass = result[0].i != 0;
    return true;
  }
  const vm::Frame frame{ctx->user, e.props.data(), ctx->now, ctx->enteredAt,
                        std::string_view(ctx->userId, ctx->userIdLength)};
  if (!h.vm->run(fn, frame)) {
    ctx->error = h.vm->error();
    return false;
  }
  pass = h.vm->resultBool();
  return true;
}

}  // namespace

extern "C" {

int32_t onbJitCompareStrings(const char* a, uint64_t aLength, const char* b, uint64_t bLength) {
  const int c = std::string_view(a, aLength).compare(std::string_view(b, bLength));
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

const char* onbJitConcat(NativeContext* ctx, const char* a, uint64_t aLength, const char* b, uint64_t bLength) {
  char* out = ctx->helpers->scratch->allocate(aLength + bLength);
  if (aLength) std::memcpy(out, a, aLength);
  if (bLength) std::memcpy(out + aLength, b, bLength);
  return out;
}

int32_t onbJitCallBuiltin(NativeContext* ctx, uint32_t id, const Value* args, Value* out) {
  const char* err = nullptr;
  const stdlib::BuiltinFn fn = stdlib::builtinImpl(static_cast<stdlib::Overload>(id));
  if (fn(args, *out, *ctx->helpers->scratch, err)) return 1;
  ctx->error = err ? err : "built-in failed";
  return 0;
}

int32_t onbJitMissingTrait(NativeContext* ctx, uint32_t trait) {
  HelperState& h = *ctx->helpers;
  h.errorText = "trait `" + h.program->schema.traits[trait].name + "` is not set and has no default";
  ctx->error = h.errorText.c_str();
  return 0;
}

double onbJitFmod(double a, double b) { return std::fmod(a, b); }

int64_t onbJitCountAfter(const void* log, int64_t from) {
  return log ? static_cast<const engine::TimeLog*>(log)->countAfter(from) : 0;
}

int32_t onbJitFilterQuery(NativeContext* ctx, uint32_t opcode, uint32_t streamIndex, int64_t window, Value* out) {
  // The same walks as Vm::filterQuery, in the same order, so that the first event whose
  // filter fails (the error reported) is the same one.
  const bc::Op op = static_cast<bc::Op>(opcode);
  const bc::HistoryStream& s = ctx->helpers->program->streams[streamIndex];
  const engine::EventLog* log;
  std::memcpy(&log, ctx->user + s.logOffset, sizeof log);
  Value found = Value::none();
  if (log) {
    bool pass = false;
    if (op == bc::Op::FilterFirst) {
      for (const auto& e : log->entries) {
        if (!runFilter(ctx, s.filterFn, e, pass)) return 0;
        if (pass) {
          found = Value::ofInt(e.t);
          break;
        }
      }
    } else if (op == bc::Op::FilterLast) {
      for (auto it = log->entries.rbegin(); it != log->entries.rend(); ++it) {
        if (!runFilter(ctx, s.filterFn, *it, pass)) return 0;
        if (pass) {
          found = Value::ofInt(it->t);
          break;
        }
      }
    } else {  // FilterCount, FilterCountWithin: every event in the window, newest first
      const int64_t from =
          op == bc::Op::FilterCountWithin ? engine::satSub(ctx->now, window) : std::numeric_limits<int64_t>::min();
      int64_t count = 0;
      for (auto it = log->entries.rbegin(); it != log->entries.rend() && it->t > from; ++it) {
        if (!runFilter(ctx, s.filterFn, *it, pass)) return 0;
        count += pass;
      }
      found = Value::ofInt(count);
    }
  } else if (op == bc::Op::FilterCount || op == bc::Op::FilterCountWithin) {
    found = Value::ofInt(0);
  }
  if (found.missing) found.s = "";
  *out = found;
  return 1;
}

}  // extern "C"

}  // namespace onb::jit
