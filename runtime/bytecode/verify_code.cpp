// The code pass of the verifier: every function's instructions, operand by operand, then a
// typed dataflow pass over its registers.
//
// Jumps only go forward (codegen emits no loops: conditions, `with` values and filters
// are straight-line code with forward branches for `and`, `or`, `??`), so one pass in
// instruction order sees every predecessor of an instruction before the instruction: the
// state at a jump target is the merge of the states its jumps carried there and the state
// falling through from the previous instruction.
#include <map>

#include "runtime/bytecode/program_text.hpp"
#include "runtime/bytecode/verifier.hpp"
#include "runtime/bytecode/verifier_internal.hpp"
#include "stdlib/builtins.hpp"

namespace onb::bc::verify {

namespace {

// What an instruction needs of the registers it reads.
enum class Want : uint8_t { None, Int, Float, String, Any };
// Where the type of an instruction's result (register a) comes from.
enum class ResultFrom : uint8_t { None, Fixed, Constant, Trait, Property, Operand, Builtin };

struct OpRule {
  Want first = Want::None;   // the first register read: b (RR, RRR), a (RJ) or c (RHR, RSR)
  Want second = Want::None;  // the second register read: c (RRR)
  ResultFrom from = ResultFrom::None;
  MType fixed = MType::Unset;  // the result type, for ResultFrom::Fixed
  bool readsSlot = false;      // RH, RHR: slot b must be of kind `slotKind`
  HistKind slotKind = HistKind::Count;
};

OpRule ruleOf(Op op) {
  using W = Want;
  auto fixed = [](W first, W second, MType result) { return OpRule{first, second, ResultFrom::Fixed, result}; };
  auto from = [](ResultFrom source, W first = W::None) { return OpRule{first, W::None, source}; };
  auto history = [](HistKind kind, W reads) {
    return OpRule{reads, W::None, ResultFrom::Fixed, MType::Int, true, kind};
  };
  switch (op) {
    case Op::LoadConst:
      return from(ResultFrom::Constant);
    case Op::LoadInt:
      return fixed(W::None, W::None, MType::Int);
    case Op::LoadMissing:
      return fixed(W::None, W::None, MType::Missing);
    case Op::Move:
      return from(ResultFrom::Operand, W::Any);
    case Op::LoadTrait:
    case Op::LoadTraitOpt:
      return from(ResultFrom::Trait);
    case Op::LoadEventField:
      return from(ResultFrom::Property);
    case Op::LoadUserId:
      return fixed(W::None, W::None, MType::String);
    case Op::LoadNow:
    case Op::LoadEnteredAt:
      return fixed(W::None, W::None, MType::Int);
    case Op::AddI:
    case Op::SubI:
    case Op::MulI:
    case Op::DivI:
    case Op::ModI:
      return fixed(W::Int, W::Int, MType::Int);
    case Op::NegI:
      return fixed(W::Int, W::None, MType::Int);
    case Op::AddF:
    case Op::SubF:
    case Op::MulF:
    case Op::DivF:
    case Op::ModF:
      return fixed(W::Float, W::Float, MType::Float);
    case Op::NegF:
      return fixed(W::Float, W::None, MType::Float);
    case Op::IntToFloat:
      return fixed(W::Int, W::None, MType::Float);
    case Op::Concat:
      return fixed(W::String, W::String, MType::String);
    case Op::EqI:
    case Op::NeI:
    case Op::LtI:
    case Op::LeI:
    case Op::GtI:
    case Op::GeI:
    case Op::EqIOpt:
    case Op::NeIOpt:
      return fixed(W::Int, W::Int, MType::Int);
    case Op::EqF:
    case Op::NeF:
    case Op::LtF:
    case Op::LeF:
    case Op::GtF:
    case Op::GeF:
    case Op::EqFOpt:
    case Op::NeFOpt:
      return fixed(W::Float, W::Float, MType::Int);
    case Op::EqS:
    case Op::NeS:
    case Op::LtS:
    case Op::LeS:
    case Op::GtS:
    case Op::GeS:
    case Op::EqSOpt:
    case Op::NeSOpt:
      return fixed(W::String, W::String, MType::Int);
    case Op::Not:
      return fixed(W::Int, W::None, MType::Int);
    case Op::Jump:
      return {};
    case Op::JumpIfFalse:
    case Op::JumpIfTrue:
      return from(ResultFrom::None, W::Int);
    case Op::JumpIfPresent:
      return from(ResultFrom::None, W::Any);
    case Op::CallBuiltin:
      return from(ResultFrom::Builtin);
    case Op::HistEver:
    case Op::HistCount:
      return history(HistKind::Count, W::None);
    case Op::HistCountWithin:
      return history(HistKind::Log, W::Int);
    case Op::HistWithin:
      return history(HistKind::Last, W::Int);
    case Op::HistAtLeast:
      return history(HistKind::Ring, W::None);
    case Op::HistFirst:
      return history(HistKind::First, W::None);
    case Op::HistLast:
    case Op::HistSince:
      return history(HistKind::Last, W::None);
    case Op::FilterCount:
    case Op::FilterFirst:
    case Op::FilterLast:
      return fixed(W::None, W::None, MType::Int);
    case Op::FilterCountWithin:
      return fixed(W::Int, W::None, MType::Int);
    case Op::Ret:
      return {};
    case Op::kCount:
      break;
  }
  return {};
}

Want wantOf(stdlib::SigType type) {
  switch (type) {
    case stdlib::SigType::None:
      return Want::None;
    case stdlib::SigType::Bool:
    case stdlib::SigType::Int:
    case stdlib::SigType::Time:
    case stdlib::SigType::Duration:
    case stdlib::SigType::OptTime:
    case stdlib::SigType::OptDuration:
      return Want::Int;
    case stdlib::SigType::Float:
      return Want::Float;
    case stdlib::SigType::String:
      return Want::String;
  }
  return Want::None;
}

MType wantType(Want want) {
  switch (want) {
    case Want::Int:
      return MType::Int;
    case Want::Float:
      return MType::Float;
    case Want::String:
      return MType::String;
    case Want::None:
    case Want::Any:
      break;
  }
  return MType::Unset;
}

bool isJump(OpFormat format) { return format == OpFormat::J || format == OpFormat::RJ; }

// Checks one function; `cost` accumulates the dataflow work (verifier.hpp, kMaxVerifyCost).
class FunctionChecker {
 public:
  FunctionChecker(Verifier& v, uint32_t index, uint64_t& cost)
      : v_(v), p_(v.program), index_(index), f_(v.program.functions[index]), cost_(cost) {}

  bool run() { return checkOperands() && checkTypes(); }

 private:
  uint32_t size() const { return f_.codeEnd - f_.codeBegin; }
  const Insn& insn(uint32_t i) const { return p_.code[f_.codeBegin + i]; }
  std::string where(uint32_t i) const {
    return fmt::format("fn {} insn {:04} ({})", index_, i, opInfo(insn(i).op).mnemonic);
  }

  bool reg(uint32_t i, int64_t r, char operand) {
    if (r < 0 || r >= f_.registerCount)
      return v_.fail("{}: register {} = {} out of range (fn has {} registers)", where(i), operand, r, f_.registerCount);
    return true;
  }

  bool target(uint32_t i, int32_t c) {
    if (c <= static_cast<int64_t>(i) || static_cast<uint32_t>(c) >= size())
      return v_.fail("{}: jump target {} is not after the jump and inside the fn (0..{})", where(i), c, size() - 1);
    return true;
  }

  bool slot(uint32_t i, uint16_t b, HistKind kind) {
    if (b >= p_.historySlots.size())
      return v_.fail("{}: history slot h{} out of range ({} slots)", where(i), b, p_.historySlots.size());
    HistKind actual = p_.historySlots[b].kind;
    if (actual != kind)
      return v_.fail("{}: history slot h{} is a {} slot, {} needs a {} slot", where(i), b, text::histKindName(actual),
                     opInfo(insn(i).op).mnemonic, text::histKindName(kind));
    return true;
  }

  bool lazyStream(uint32_t i, uint16_t b) {
    if (b >= p_.streams.size()) return v_.fail("{}: stream {} out of range ({} streams)", where(i), b, p_.streams.size());
    if (!p_.streams[b].lazy)
      return v_.fail("{}: stream {} is filtered when events arrive; {} needs a stream filtered at query time", where(i),
                     b, opInfo(insn(i).op).mnemonic);
    return true;
  }

  bool checkOperand(uint32_t i) {
    const Insn& x = insn(i);
    if (static_cast<uint8_t>(x.op) >= static_cast<uint8_t>(Op::kCount))
      return v_.fail("fn {} insn {:04}: invalid opcode {}", index_, i, static_cast<int>(x.op));
    OpRule rule = ruleOf(x.op);
    switch (opInfo(x.op).format) {
      case OpFormat::R:
      case OpFormat::RI:
        return reg(i, x.a, 'a');
      case OpFormat::RR:
        return reg(i, x.a, 'a') && reg(i, x.b, 'b');
      case OpFormat::RRR:
        return reg(i, x.a, 'a') && reg(i, x.b, 'b') && reg(i, x.c, 'c');
      case OpFormat::RK:
        if (x.c < 0 || static_cast<size_t>(x.c) >= p_.constants.size())
          return v_.fail("{}: constant k{} out of range ({} constants)", where(i), x.c, p_.constants.size());
        return reg(i, x.a, 'a');
      case OpFormat::RT:
        if (x.b >= p_.schema.traits.size())
          return v_.fail("{}: trait {} out of range ({} traits)", where(i), x.b, p_.schema.traits.size());
        if (p_.layout.traitOffset[x.b] == kNone)
          return v_.fail("{}: trait {} has no slot in the state layout", where(i), p_.schema.traits[x.b].name);
        return reg(i, x.a, 'a');
      case OpFormat::RF: {
        if (f_.event == kNone) return v_.fail("{}: the fn has no event to read", where(i));
        const EventSpec& event = p_.schema.events[f_.event];
        if (x.b >= event.properties.size())
          return v_.fail("{}: property {} out of range (event {} has {})", where(i), x.b, event.name,
                         event.properties.size());
        return reg(i, x.a, 'a');
      }
      case OpFormat::RH:
        return reg(i, x.a, 'a') && slot(i, x.b, rule.slotKind);
      case OpFormat::RHR:
        return reg(i, x.a, 'a') && slot(i, x.b, rule.slotKind) && reg(i, x.c, 'c');
      case OpFormat::RS:
        return reg(i, x.a, 'a') && lazyStream(i, x.b);
      case OpFormat::RSR:
        return reg(i, x.a, 'a') && lazyStream(i, x.b) && reg(i, x.c, 'c');
      case OpFormat::RB: {
        if (x.c < 0 || x.c >= static_cast<int32_t>(stdlib::Overload::kCount))
          return v_.fail("{}: builtin overload {} out of range ({} overloads)", where(i), x.c,
                         static_cast<int>(stdlib::Overload::kCount));
        const auto& info = stdlib::overloadInfo(static_cast<stdlib::Overload>(x.c));
        if (info.arity > 0 && !reg(i, int64_t{x.b} + info.arity - 1, 'b')) return false;
        return reg(i, x.a, 'a');
      }
      case OpFormat::J:
        return target(i, x.c);
      case OpFormat::RJ:
        return reg(i, x.a, 'a') && target(i, x.c);
      case OpFormat::RET:
        if (x.b != f_.resultCount)
          return v_.fail("{}: returns {} values, the fn returns {}", where(i), x.b, f_.resultCount);
        if (uint32_t{x.a} + x.b > f_.registerCount)
          return v_.fail("{}: results r{}..r{} out of range (fn has {} registers)", where(i), x.a, uint32_t{x.a} + x.b,
                         f_.registerCount);
        return true;
    }
    return v_.fail("{}: invalid format", where(i));
  }

  bool checkOperands() {
    uint64_t jumps = 0;
    for (uint32_t i = 0; i < size(); ++i) {
      if (!checkOperand(i)) return false;
      if (isJump(opInfo(insn(i).op).format)) ++jumps;
    }
    Op last = insn(size() - 1).op;
    if (last != Op::Ret && last != Op::Jump)
      return v_.fail("fn {}: falls off its end (last insn {:04} is {}, not ret)", index_, size() - 1,
                     opInfo(last).mnemonic);
    cost_ += uint64_t{f_.registerCount} * (1 + jumps);
    if (cost_ > kMaxVerifyCost)
      return v_.fail("fn {}: verification cost exceeds the limit (registers x jumps summed over fns > {})", index_,
                     kMaxVerifyCost);
    return true;
  }

  bool need(uint32_t i, uint32_t r, Want want) {
    MType t = state_[r];
    if (t == MType::Unset) return v_.fail("{}: r{} may be read before it is written", where(i), r);
    if (t == MType::Conflict) return v_.fail("{}: r{} holds different types on different paths", where(i), r);
    if (want == Want::Any || want == Want::None || t == MType::Missing || t == wantType(want)) return true;
    return v_.fail("{}: r{} is {}, {} needs {}", where(i), r, mtypeName(t), opInfo(insn(i).op).mnemonic,
                   mtypeName(wantType(want)));
  }

  void carryTo(uint32_t targetIndex) {
    auto [it, inserted] = pending_.try_emplace(targetIndex, state_);
    if (!inserted)
      for (size_t r = 0; r < state_.size(); ++r) it->second[r] = mergeTypes(it->second[r], state_[r]);
  }

  MType resultOf(const Insn& x, const OpRule& rule) const {
    switch (rule.from) {
      case ResultFrom::None:
        return MType::Unset;
      case ResultFrom::Fixed:
        return rule.fixed;
      case ResultFrom::Constant:
        return machineType(p_.constants[x.c].type);
      case ResultFrom::Trait:
        return machineType(p_.schema.traits[x.b].type);
      case ResultFrom::Property:
        return machineType(p_.schema.events[f_.event].properties[x.b].type);
      case ResultFrom::Operand:
        return state_[x.b];
      case ResultFrom::Builtin: {
        Want result = wantOf(stdlib::overloadInfo(static_cast<stdlib::Overload>(x.c)).result);
        // No overload returns nothing; if one did, its result could not be read.
        return result == Want::None ? MType::Conflict : wantType(result);
      }
    }
    return MType::Unset;
  }

  // Reads, result and successors of the reachable instruction i.
  bool step(uint32_t i) {
    const Insn& x = insn(i);
    OpRule rule = ruleOf(x.op);
    OpFormat format = opInfo(x.op).format;
    switch (format) {
      case OpFormat::RR:
        if (!need(i, x.b, rule.first)) return false;
        break;
      case OpFormat::RRR:
        if (!need(i, x.b, rule.first) || !need(i, x.c, rule.second)) return false;
        break;
      case OpFormat::RJ:
        if (!need(i, x.a, rule.first)) return false;
        break;
      case OpFormat::RHR:
      case OpFormat::RSR:
        if (!need(i, static_cast<uint32_t>(x.c), rule.first)) return false;
        break;
      case OpFormat::RB: {
        const auto& info = stdlib::overloadInfo(static_cast<stdlib::Overload>(x.c));
        for (uint32_t k = 0; k < info.arity; ++k)
          if (!need(i, x.b + k, wantOf(info.params[k]))) return false;
        break;
      }
      case OpFormat::RET: {
        std::vector<MType>& results = v_.summaries[index_].results;
        for (uint32_t k = 0; k < x.b; ++k) {
          if (!need(i, x.a + k, Want::Any)) return false;
          results[k] = sawRet_ ? mergeTypes(results[k], state_[x.a + k]) : state_[x.a + k];
        }
        sawRet_ = true;
        break;
      }
      case OpFormat::R:
      case OpFormat::RK:
      case OpFormat::RI:
      case OpFormat::RT:
      case OpFormat::RF:
      case OpFormat::RH:
      case OpFormat::RS:
      case OpFormat::J:
        break;
    }
    if (rule.from != ResultFrom::None) state_[x.a] = resultOf(x, rule);
    if (format == OpFormat::J || format == OpFormat::RJ) carryTo(static_cast<uint32_t>(x.c));
    if (format == OpFormat::J || format == OpFormat::RET) live_ = false;
    return true;
  }

  bool checkTypes() {
    v_.summaries[index_].results.assign(f_.resultCount, MType::Unset);
    state_.assign(f_.registerCount, MType::Unset);
    live_ = true;
    for (uint32_t i = 0; i < size(); ++i) {
      if (!pending_.empty() && pending_.begin()->first == i) {
        std::vector<MType>& arriving = pending_.begin()->second;
        if (live_)
          for (size_t r = 0; r < state_.size(); ++r) state_[r] = mergeTypes(state_[r], arriving[r]);
        else
          state_ = std::move(arriving);
        live_ = true;
        pending_.erase(pending_.begin());
      }
      if (live_ && !step(i)) return false;
    }
    return true;
  }

  Verifier& v_;
  const Program& p_;
  uint32_t index_;
  const Function& f_;
  uint64_t& cost_;
  std::vector<MType> state_;  // per register, at the current insn
  bool live_ = true;          // the current insn is reachable
  bool sawRet_ = false;
  std::map<uint32_t, std::vector<MType>> pending_;  // states carried by jumps, by target
};

}  // namespace

bool verifyCode(Verifier& v) {
  v.summaries.assign(v.program.functions.size(), FunctionSummary{});
  uint64_t cost = 0;
  for (uint32_t fn = 0; fn < v.program.functions.size(); ++fn)
    if (!FunctionChecker(v, fn, cost).run()) return false;
  return true;
}

}  // namespace onb::bc::verify
