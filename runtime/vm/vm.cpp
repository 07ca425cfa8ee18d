// The dispatch loop. `ip`, the registers and the constants live in locals; dispatch is a
// computed goto (one indirect jump per handler, which predicts better than one shared
// switch jump) with a plain switch where the compiler has no labels-as-values. The
// program was verified on load: operands are in range and registers typed, so handlers
// do no checks of their own beyond the language's runtime errors.
#include "runtime/vm/vm.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "runtime/engine/user_state.hpp"

namespace onb::vm {

using bc::Insn;
using bc::Op;
using engine::kNoTime;
using engine::satSub;

namespace {

// Registers for the deepest nesting of query-time filters (each level is a different
// stream: the verifier refuses loops).
size_t registerFileSize(const bc::Program& p) {
  size_t levels = 1;
  for (const bc::HistoryStream& s : p.streams) levels += s.lazy;
  return std::max<size_t>(p.maxRegisters, 1) * levels;
}

}  // namespace

Vm::Vm(const bc::Program& program) : program_(program), regs_(registerFileSize(program)) {
  results_ = regs_.data();
  scratch_ = &arena_;
  for (const bc::Constant& k : program.constants) {
    Value v = Value::ofInt(k.i);
    if (k.type == ValueType::Float) v = Value::ofFloat(k.f);
    if (k.type == ValueType::String) v = Value::ofString(program.constantString(k));
    constants_.push_back(v);
  }
  for (const bc::TraitSpec& t : program.schema.traits) {
    Value v = Value::none();
    if (t.hasDefault) {
      v = t.defaultValue;
      if (t.type == ValueType::String) v = Value::ofString(t.defaultText);
      v.missing = 0;
    }
    traitDefaults_.push_back(v);
    traitHasDefault_.push_back(t.hasDefault ? 1 : 0);
  }
  for (size_t i = 0; i < static_cast<size_t>(stdlib::Overload::kCount); ++i)
    builtins_.push_back(stdlib::builtinImpl(static_cast<stdlib::Overload>(i)));
}

bool Vm::missingTrait(uint32_t trait) {
  errorText_ = "trait `" + program_.schema.traits[trait].name + "` is not set and has no default";
  error_ = errorText_.c_str();
  return false;
}

namespace {

// The error state of a filtered history stream: how many of its events failed the filter,
// and when the last one did.
struct StreamErrors {
  uint64_t count;
  int64_t last;
};

inline const StreamErrors* streamErrors(const bc::Program& p, const uint8_t* user, const bc::HistorySlot& slot) {
  const bc::HistoryStream& s = p.streams[slot.stream];
  if (s.errorOffset == bc::kNone) return nullptr;
  return reinterpret_cast<const StreamErrors*>(user + s.errorOffset);
}

inline int64_t load64(const uint8_t* p) {
  int64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

constexpr const char* kFilterFailed = "a history filter `(E where X)` failed on an event in this window";

}  // namespace

bool Vm::filterQuery(const Insn& x, const Frame& frame, Value* r, size_t next) {
  const bc::HistoryStream& s = program_.streams[x.b];
  const engine::EventLog* log;
  std::memcpy(&log, frame.user + s.logOffset, sizeof log);
  int64_t count = 0;
  Value found = Value::none();
  if (log) {
    int64_t from = std::numeric_limits<int64_t>::min();
    if (x.op == Op::FilterCountWithin) from = satSub(frame.now, r[x.c].i);
    auto passes = [&](const engine::EventLog::Entry& e, bool& out) {
      Frame nested = frame;
      nested.event = e.props.data();
      if (!runAt(s.filterFn, nested, next)) return false;
      out = regs_[next].i != 0;
      return true;
    };
    bool pass = false;
    switch (x.op) {
      case Op::FilterFirst:
        for (const auto& e : log->entries) {
          if (!passes(e, pass)) return false;
          if (pass) {
            found = Value::ofInt(e.t);
            break;
          }
        }
        break;
      case Op::FilterLast:
        for (auto it = log->entries.rbegin(); it != log->entries.rend(); ++it) {
          if (!passes(*it, pass)) return false;
          if (pass) {
            found = Value::ofInt(it->t);
            break;
          }
        }
        break;
      default:  // FilterCount, FilterCountWithin: every event in the window
        for (auto it = log->entries.rbegin(); it != log->entries.rend() && it->t > from; ++it) {
          if (!passes(*it, pass)) return false;
          count += pass;
        }
        found = Value::ofInt(count);
        break;
    }
  } else if (x.op == Op::FilterCount || x.op == Op::FilterCountWithin) {
    found = Value::ofInt(0);
  }
  if (found.missing) found.s = "";
  r[x.a] = found;
  return true;
}

bool Vm::run(int32_t fn, const Frame& frame) { return runAt(fn, frame, 0); }

bool Vm::runAt(int32_t fnIndex, const Frame& frame, size_t base) {
  const bc::Function& fn = program_.functions[static_cast<size_t>(fnIndex)];
  const Insn* const code = program_.code.data() + fn.codeBegin;
  const Insn* ip = code;
  Value* const r = regs_.data() + base;
  const Value* const k = constants_.data();
  const bc::Program& p = program_;
  const uint8_t* const user = frame.user;
  error_ = nullptr;

#if defined(__GNUC__)
#define VM_CASE(name) L_##name:
#define VM_NEXT() goto* kDispatch[static_cast<size_t>((ip)->op)]
  static const void* const kDispatch[] = {
#define OP(Name, Mnemonic, Format, Doc) &&L_##Name,
#include "runtime/bytecode/opcodes.def"
#undef OP
  };
  VM_NEXT();
#else
#define VM_CASE(name) case Op::name:
#define VM_NEXT() continue
  for (;;) switch (ip->op) {
#endif

  VM_CASE(LoadConst) {
    r[ip->a] = k[ip->c];
    ++ip;
    VM_NEXT();
  }
  VM_CASE(LoadInt) {
    r[ip->a] = Value::ofInt(ip->c);
    ++ip;
    VM_NEXT();
  }
  VM_CASE(LoadMissing) {
    r[ip->a] = Value::none();
    r[ip->a].s = "";
    ++ip;
    VM_NEXT();
  }
  VM_CASE(Move) {
    r[ip->a] = r[ip->b];
    ++ip;
    VM_NEXT();
  }
  VM_CASE(LoadTrait) {
    const auto* cell = reinterpret_cast<const engine::TraitCell*>(user + p.layout.traitOffset[ip->b]);
    if (cell->set) {
      Value& v = r[ip->a];
      v.i = cell->i;
      v.len = cell->len;
      v.missing = 0;
    } else if (traitHasDefault_[ip->b]) {
      r[ip->a] = traitDefaults_[ip->b];
    } else {
      return missingTrait(ip->b);
    }
    ++ip;
    VM_NEXT();
  }
  VM_CASE(LoadTraitOpt) {
    const auto* cell = reinterpret_cast<const engine::TraitCell*>(user + p.layout.traitOffset[ip->b]);
    Value& v = r[ip->a];
    if (cell->set) {
      v.i = cell->i;
      v.len = cell->len;
      v.missing = 0;
    } else {
      v = traitDefaults_[ip->b];  // the default, or missing
      if (v.missing) v.s = "";
    }
    ++ip;
    VM_NEXT();
  }
  VM_CASE(LoadEventField) {
    r[ip->a] = frame.event[ip->b];
    ++ip;
    VM_NEXT();
  }
  VM_CASE(LoadUserId) {
    r[ip->a] = Value::ofString(frame.userId);
    ++ip;
    VM_NEXT();
  }
  VM_CASE(LoadNow) {
    r[ip->a] = Value::ofInt(frame.now);
    ++ip;
    VM_NEXT();
  }
  VM_CASE(LoadEnteredAt) {
    r[ip->a] = Value::ofInt(frame.enteredAt);
    ++ip;
    VM_NEXT();
  }

#define INT_ARITH(name, builtin)                                              \
  VM_CASE(name) {                                                             \
    int64_t out;                                                              \
    if (__builtin_##builtin##_overflow(r[ip->b].i, r[ip->c].i, &out)) [[unlikely]] \
      return fail("integer overflow");                                        \
    r[ip->a] = Value::ofInt(out);                                             \
    ++ip;                                                                     \
    VM_NEXT();                                                                \
  }
  INT_ARITH(AddI, add)
  INT_ARITH(SubI, sub)
  INT_ARITH(MulI, mul)
#undef INT_ARITH
  VM_CASE(DivI) {
    const int64_t a = r[ip->b].i, b = r[ip->c].i;
    if (b == 0) [[unlikely]] return fail("division by zero");
    if (a == std::numeric_limits<int64_t>::min() && b == -1) [[unlikely]] return fail("integer overflow");
    r[ip->a] = Value::ofInt(a / b);
    ++ip;
    VM_NEXT();
  }
  VM_CASE(ModI) {
    const int64_t a = r[ip->b].i, b = r[ip->c].i;
    if (b == 0) [[unlikely]] return fail("division by zero");
    if (a == std::numeric_limits<int64_t>::min() && b == -1) [[unlikely]] return fail("integer overflow");
    r[ip->a] = Value::ofInt(a % b);
    ++ip;
    VM_NEXT();
  }
  VM_CASE(NegI) {
    const int64_t a = r[ip->b].i;
    if (a == std::numeric_limits<int64_t>::min()) [[unlikely]] return fail("integer overflow");
    r[ip->a] = Value::ofInt(-a);
    ++ip;
    VM_NEXT();
  }

#define FLOAT_ARITH(name, expr)                                              \
  VM_CASE(name) {                                                            \
    const double a = r[ip->b].f, b = r[ip->c].f;                             \
    const double out = (expr);                                               \
    if (!std::isfinite(out)) [[unlikely]] return fail("float result is not finite"); \
    r[ip->a] = Value::ofFloat(out);                                          \
    ++ip;                                                                    \
    VM_NEXT();                                                               \
  }
  FLOAT_ARITH(AddF, a + b)
  FLOAT_ARITH(SubF, a - b)
  FLOAT_ARITH(MulF, a * b)
#undef FLOAT_ARITH
  VM_CASE(DivF) {
    const double a = r[ip->b].f, b = r[ip->c].f;
    if (b == 0) [[unlikely]] return fail("division by zero");
    const double out = a / b;
    if (!std::isfinite(out)) [[unlikely]] return fail("float result is not finite");
    r[ip->a] = Value::ofFloat(out);
    ++ip;
    VM_NEXT();
  }
  VM_CASE(ModF) {
    const double a = r[ip->b].f, b = r[ip->c].f;
    if (b == 0) [[unlikely]] return fail("division by zero");
    r[ip->a] = Value::ofFloat(std::fmod(a, b));
    ++ip;
    VM_NEXT();
  }
  VM_CASE(NegF) {
    r[ip->a] = Value::ofFloat(-r[ip->b].f);
    ++ip;
    VM_NEXT();
  }
  VM_CASE(IntToFloat) {
    const Value& src = r[ip->b];
    Value out = Value::ofFloat(static_cast<double>(src.i));
    out.missing = src.missing;  // `int? ?? float` converts a value that may be missing
    r[ip->a] = out;
    ++ip;
    VM_NEXT();
  }
  VM_CASE(Concat) {
    const Value& a = r[ip->b];
    const Value& b = r[ip->c];
    const size_t n = static_cast<size_t>(a.len) + b.len;
    if (n > std::numeric_limits<uint32_t>::max()) [[unlikely]] return fail("string too long");
    char* out = scratch_->allocate(n);
    if (a.len) std::memcpy(out, a.s, a.len);
    if (b.len) std::memcpy(out + a.len, b.s, b.len);
    r[ip->a] = Value::ofString(std::string_view(out, n));
    ++ip;
    VM_NEXT();
  }

#define COMPARE(name, expr)                  \
  VM_CASE(name) {                            \
    const Value& a = r[ip->b];               \
    const Value& b = r[ip->c];               \
    r[ip->a] = Value::ofBool(expr);          \
    ++ip;                                    \
    VM_NEXT();                               \
  }
  COMPARE(EqI, a.i == b.i)
  COMPARE(NeI, a.i != b.i)
  COMPARE(LtI, a.i < b.i)
  COMPARE(LeI, a.i <= b.i)
  COMPARE(GtI, a.i > b.i)
  COMPARE(GeI, a.i >= b.i)
  COMPARE(EqF, a.f == b.f)
  COMPARE(NeF, a.f != b.f)
  COMPARE(LtF, a.f < b.f)
  COMPARE(LeF, a.f <= b.f)
  COMPARE(GtF, a.f > b.f)
  COMPARE(GeF, a.f >= b.f)
  COMPARE(EqS, a.str() == b.str())
  COMPARE(NeS, a.str() != b.str())
  COMPARE(LtS, a.str() < b.str())
  COMPARE(LeS, a.str() <= b.str())
  COMPARE(GtS, a.str() > b.str())
  COMPARE(GeS, a.str() >= b.str())
  COMPARE(EqIOpt, !a.missing && !b.missing && a.i == b.i)
  COMPARE(NeIOpt, !(!a.missing && !b.missing && a.i == b.i))
  COMPARE(EqFOpt, !a.missing && !b.missing && a.f == b.f)
  COMPARE(NeFOpt, !(!a.missing && !b.missing && a.f == b.f))
  COMPARE(EqSOpt, !a.missing && !b.missing && a.str() == b.str())
  COMPARE(NeSOpt, !(!a.missing && !b.missing && a.str() == b.str()))
#undef COMPARE

  VM_CASE(Not) {
    r[ip->a] = Value::ofBool(r[ip->b].i == 0);
    ++ip;
    VM_NEXT();
  }
  VM_CASE(Jump) {
    ip = code + ip->c;
    VM_NEXT();
  }
  VM_CASE(JumpIfFalse) {
    ip = r[ip->a].i == 0 ? code + ip->c : ip + 1;
    VM_NEXT();
  }
  VM_CASE(JumpIfTrue) {
    ip = r[ip->a].i != 0 ? code + ip->c : ip + 1;
    VM_NEXT();
  }
  VM_CASE(JumpIfPresent) {
    ip = !r[ip->a].missing ? code + ip->c : ip + 1;
    VM_NEXT();
  }
  VM_CASE(CallBuiltin) {
    const char* err = nullptr;
    Value out;
    if (!builtins_[static_cast<size_t>(ip->c)](&r[ip->b], out, *scratch_, err)) [[unlikely]]
      return fail(err ? err : "built-in failed");
    r[ip->a] = out;
    ++ip;
    VM_NEXT();
  }

  VM_CASE(HistEver) {
    const bc::HistorySlot& s = p.historySlots[ip->b];
    if (const StreamErrors* e = streamErrors(p, user, s); e && e->count) [[unlikely]] return fail(kFilterFailed);
    r[ip->a] = Value::ofBool(load64(user + s.offset) > 0);
    ++ip;
    VM_NEXT();
  }
  VM_CASE(HistCount) {
    const bc::HistorySlot& s = p.historySlots[ip->b];
    if (const StreamErrors* e = streamErrors(p, user, s); e && e->count) [[unlikely]] return fail(kFilterFailed);
    r[ip->a] = Value::ofInt(load64(user + s.offset));
    ++ip;
    VM_NEXT();
  }
  VM_CASE(HistCountWithin) {
    const bc::HistorySlot& s = p.historySlots[ip->b];
    const int64_t from = satSub(frame.now, r[ip->c].i);
    if (const StreamErrors* e = streamErrors(p, user, s); e && e->count && e->last > from) [[unlikely]]
      return fail(kFilterFailed);
    const auto* log = *reinterpret_cast<engine::TimeLog* const*>(user + s.offset);
    r[ip->a] = Value::ofInt(log ? log->countAfter(from) : 0);
    ++ip;
    VM_NEXT();
  }
  VM_CASE(HistWithin) {
    const bc::HistorySlot& s = p.historySlots[ip->b];
    const int64_t from = satSub(frame.now, r[ip->c].i);
    if (const StreamErrors* e = streamErrors(p, user, s); e && e->count && e->last > from) [[unlikely]]
      return fail(kFilterFailed);
    const int64_t last = load64(user + s.offset);
    r[ip->a] = Value::ofBool(last != kNoTime && last > from);
    ++ip;
    VM_NEXT();
  }
  VM_CASE(HistAtLeast) {
    const bc::HistorySlot& s = p.historySlots[ip->b];
    const int64_t from = satSub(frame.now, s.windowMs);
    if (const StreamErrors* e = streamErrors(p, user, s); e && e->count && e->last > from) [[unlikely]]
      return fail(kFilterFailed);
    const uint8_t* ring = user + s.offset;
    const bool full = engine::Ring::size(ring, s.k) >= s.k;
    r[ip->a] = Value::ofBool(full && engine::Ring::nthLatest(ring, s.k, s.k) > from);
    ++ip;
    VM_NEXT();
  }
  VM_CASE(HistFirst) {
    const bc::HistorySlot& s = p.historySlots[ip->b];
    if (const StreamErrors* e = streamErrors(p, user, s); e && e->count) [[unlikely]] return fail(kFilterFailed);
    const int64_t t = load64(user + s.offset);
    r[ip->a] = t == kNoTime ? Value::none() : Value::ofInt(t);
    ++ip;
    VM_NEXT();
  }
  VM_CASE(HistLast) {
    const bc::HistorySlot& s = p.historySlots[ip->b];
    if (const StreamErrors* e = streamErrors(p, user, s); e && e->count) [[unlikely]] return fail(kFilterFailed);
    const int64_t t = load64(user + s.offset);
    r[ip->a] = t == kNoTime ? Value::none() : Value::ofInt(t);
    ++ip;
    VM_NEXT();
  }
  VM_CASE(HistSince) {
    const bc::HistorySlot& s = p.historySlots[ip->b];
    if (const StreamErrors* e = streamErrors(p, user, s); e && e->count) [[unlikely]] return fail(kFilterFailed);
    const int64_t t = load64(user + s.offset);
    if (t == kNoTime) {
      r[ip->a] = Value::none();
    } else {
      int64_t d;
      if (__builtin_sub_overflow(frame.now, t, &d)) [[unlikely]] return fail("integer overflow");
      r[ip->a] = Value::ofInt(d);
    }
    ++ip;
    VM_NEXT();
  }
  VM_CASE(FilterCount) {
    if (!filterQuery(*ip, frame, r, base + fn.registerCount)) return false;
    ++ip;
    VM_NEXT();
  }
  VM_CASE(FilterCountWithin) {
    if (!filterQuery(*ip, frame, r, base + fn.registerCount)) return false;
    ++ip;
    VM_NEXT();
  }
  VM_CASE(FilterFirst) {
    if (!filterQuery(*ip, frame, r, base + fn.registerCount)) return false;
    ++ip;
    VM_NEXT();
  }
  VM_CASE(FilterLast) {
    if (!filterQuery(*ip, frame, r, base + fn.registerCount)) return false;
    ++ip;
    VM_NEXT();
  }
  VM_CASE(Ret) {
    // Results are returned in place: codegen puts them in r0.. (a == 0).
    if (ip->a != 0)
      for (uint16_t i = 0; i < ip->b; ++i) r[i] = r[ip->a + i];
    return true;
  }

#if !defined(__GNUC__)
    case Op::kCount: return fail("invalid opcode");
  }
#endif
#undef VM_CASE
#undef VM_NEXT
  return fail("invalid opcode");
}

}  // namespace onb::vm
