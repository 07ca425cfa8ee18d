// The VM, one opcode at a time: small hand-assembled functions run against a hand-made
// user block, checking results and runtime errors. A last test fails when an opcode of
// opcodes.def has no case here.
#include "runtime/vm/vm.hpp"

#include <cmath>
#include <cstring>
#include <limits>
#include <set>

#include <gtest/gtest.h>

#include "runtime/bytecode/verifier.hpp"
#include "runtime/engine/user_state.hpp"

namespace onb {
namespace {

using bc::Insn;
using bc::Op;

std::set<Op>& covered() {
  static std::set<Op> ops;
  return ops;
}

constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

Insn I(Op op, uint16_t a = 0, uint16_t b = 0, int32_t c = 0) {
  covered().insert(op);
  Insn x{};
  x.op = op;
  x.a = a;
  x.b = b;
  x.c = c;
  return x;
}

// A program with: traits `n: int` (stored, no default), `s: string = "dflt"` (stored),
// `o: int?` (stored); one event with properties (x: int, name: string?); history slots
// over that event: count, first, last, a ring of k=2 within 1h, a log.
struct Fixture {
  bc::Program p;
  std::vector<uint8_t> block;
  std::vector<Value> event;
  engine::TimeLog log;

  Fixture() {
    p.schema.events.push_back({"e", "e", {{"x", ValueType::Int, false, false, 0}, {"name", ValueType::String, true, false, 0}}});
    bc::TraitSpec n;
    n.name = "n";
    n.type = ValueType::Int;
    bc::TraitSpec s;
    s.name = "s";
    s.type = ValueType::String;
    s.hasDefault = true;
    s.defaultText = "dflt";
    s.defaultValue = Value::ofInt(0);
    bc::TraitSpec o;
    o.name = "o";
    o.type = ValueType::Int;
    o.optional = true;
    p.schema.traits = {n, s, o};
    p.layout.traitOffset = {0, 16, 32};
    p.streams.push_back({0, bc::kNoFn, bc::kNone, {0, 1, 2, 3, 4}});
    p.historySlots = {{bc::HistKind::Count, 0, 48, 0, 0},
                      {bc::HistKind::First, 0, 56, 0, 0},
                      {bc::HistKind::Last, 0, 64, 0, 0},
                      {bc::HistKind::Ring, 0, 72, 2, 3'600'000},
                      {bc::HistKind::Log, 0, 96, 0, 0}};
    p.layout.size = 104;
    p.constants = {{ValueType::Int, kMax, 0, 0, 0}, {ValueType::Float, 0, 2.5, 0, 0}, {ValueType::String, 0, 0, 0, 3},
                   {ValueType::Float, 0, 1e308, 0, 0}};
    p.stringPool = "abc";
    block.assign(p.layout.size, 0);
    int64_t none = engine::kNoTime;
    std::memcpy(block.data() + 56, &none, 8);
    std::memcpy(block.data() + 64, &none, 8);
    engine::TimeLog* lp = &log;
    std::memcpy(block.data() + 96, &lp, sizeof lp);
    event = {Value::ofInt(7), Value::none()};
  }
  ~Fixture() { log.clear(); }  // a TimeLog is freed by its owner (the user table, here this)

  void setTrait(uint32_t offset, int64_t v) {
    auto* cell = reinterpret_cast<engine::TraitCell*>(block.data() + offset);
    cell->i = v;
    cell->set = 1;
  }
  void addEvent(int64_t t) {
    int64_t n;
    std::memcpy(&n, block.data() + 48, 8);
    ++n;
    std::memcpy(block.data() + 48, &n, 8);
    int64_t first;
    std::memcpy(&first, block.data() + 56, 8);
    if (first == engine::kNoTime) std::memcpy(block.data() + 56, &t, 8);
    std::memcpy(block.data() + 64, &t, 8);
    engine::Ring::push(block.data() + 72, 2, t);
    log.push(t);
  }

  // Runs `code` (the results: registers 0..results-1) with `regs` registers.
  struct Outcome {
    bool ok;
    std::string error;
    std::vector<Value> results;     // strings re-pointed into `text` (the VM is gone)
    std::vector<std::string> text;
  };
  Outcome run(std::vector<Insn> code, uint16_t regs, uint16_t results = 1, int64_t now = 10'000'000) {
    bc::Program prog = p;
    bc::Function fn;
    fn.codeBegin = 0;
    fn.codeEnd = static_cast<uint32_t>(code.size());
    fn.registerCount = regs;
    fn.resultCount = results;
    fn.event = 0;
    prog.code = std::move(code);
    prog.lines.assign(prog.code.size(), 1);
    prog.functions = {fn};
    prog.maxRegisters = regs;
    vm::Vm vm(prog);
    vm::Frame frame{block.data(), event.data(), now, 1000, "user-1"};
    Outcome out;
    out.ok = vm.run(0, frame);
    if (!out.ok) out.error = vm.error();
    out.text.reserve(results);
    for (uint16_t i = 0; out.ok && i < results; ++i) {
      Value v = vm.results()[i];
      out.text.push_back(v.len ? std::string(v.s, v.len) : std::string());
      if (v.len) v.s = out.text.back().data();
      out.results.push_back(v);
    }
    return out;
  }
  int64_t runInt(std::vector<Insn> code, uint16_t regs) {
    Outcome o = run(std::move(code), regs);
    EXPECT_TRUE(o.ok) << o.error;
    return o.ok ? o.results[0].i : kMin;
  }
  std::string runError(std::vector<Insn> code, uint16_t regs) {
    Outcome o = run(std::move(code), regs);
    EXPECT_FALSE(o.ok);
    return o.error;
  }
};

TEST(Vm, LoadsAndMoves) {
  Fixture f;
  EXPECT_EQ(f.runInt({I(Op::LoadInt, 0, 0, -42), I(Op::Ret, 0, 1)}, 1), -42);
  EXPECT_EQ(f.runInt({I(Op::LoadConst, 0, 0, 0), I(Op::Ret, 0, 1)}, 1), kMax);
  auto s = f.run({I(Op::LoadConst, 0, 0, 2), I(Op::Ret, 0, 1)}, 1);
  EXPECT_EQ(s.results[0].str(), "abc");
  EXPECT_EQ(f.runInt({I(Op::LoadInt, 1, 0, 5), I(Op::Move, 0, 1), I(Op::Ret, 0, 1)}, 2), 5);
  auto m = f.run({I(Op::LoadMissing, 0), I(Op::Ret, 0, 1)}, 1);
  EXPECT_TRUE(m.results[0].missing);
  // Results from a register other than r0 are copied down.
  EXPECT_EQ(f.runInt({I(Op::LoadInt, 1, 0, 9), I(Op::Ret, 1, 1)}, 2), 9);
}

TEST(Vm, TraitsDefaultsAndMissing) {
  Fixture f;
  EXPECT_NE(f.runError({I(Op::LoadTrait, 0, 0), I(Op::Ret, 0, 1)}, 1).find("`n`"), std::string::npos);
  f.setTrait(0, 12);
  EXPECT_EQ(f.runInt({I(Op::LoadTrait, 0, 0), I(Op::Ret, 0, 1)}, 1), 12);
  auto dflt = f.run({I(Op::LoadTrait, 0, 1), I(Op::Ret, 0, 1)}, 1);
  EXPECT_EQ(dflt.results[0].str(), "dflt");
  auto missing = f.run({I(Op::LoadTraitOpt, 0, 2), I(Op::Ret, 0, 1)}, 1);
  EXPECT_TRUE(missing.results[0].missing);
  f.setTrait(32, 3);
  EXPECT_EQ(f.runInt({I(Op::LoadTraitOpt, 0, 2), I(Op::Ret, 0, 1)}, 1), 3);
}

TEST(Vm, EventUserNowEnteredAt) {
  Fixture f;
  EXPECT_EQ(f.runInt({I(Op::LoadEventField, 0, 0), I(Op::Ret, 0, 1)}, 1), 7);
  EXPECT_TRUE(f.run({I(Op::LoadEventField, 0, 1), I(Op::Ret, 0, 1)}, 1).results[0].missing);
  EXPECT_EQ(f.run({I(Op::LoadUserId, 0), I(Op::Ret, 0, 1)}, 1).results[0].str(), "user-1");
  EXPECT_EQ(f.runInt({I(Op::LoadNow, 0), I(Op::Ret, 0, 1)}, 1), 10'000'000);
  EXPECT_EQ(f.runInt({I(Op::LoadEnteredAt, 0), I(Op::Ret, 0, 1)}, 1), 1000);
}

std::vector<Insn> binary(Op op, int64_t a, int64_t b, Fixture& f) {
  // Large operands go through constants.
  f.p.constants.push_back({ValueType::Int, a, 0, 0, 0});
  f.p.constants.push_back({ValueType::Int, b, 0, 0, 0});
  int32_t ka = static_cast<int32_t>(f.p.constants.size() - 2), kb = ka + 1;
  return {I(Op::LoadConst, 1, 0, ka), I(Op::LoadConst, 2, 0, kb), I(op, 0, 1, 2), I(Op::Ret, 0, 1)};
}

TEST(Vm, IntegerArithmeticAndItsErrors) {
  Fixture f;
  EXPECT_EQ(f.runInt(binary(Op::AddI, 2, 3, f), 3), 5);
  EXPECT_EQ(f.runInt(binary(Op::SubI, 2, 3, f), 3), -1);
  EXPECT_EQ(f.runInt(binary(Op::MulI, -4, 3, f), 3), -12);
  EXPECT_EQ(f.runInt(binary(Op::DivI, -7, 2, f), 3), -3);  // truncates toward zero
  EXPECT_EQ(f.runInt(binary(Op::ModI, -7, 2, f), 3), -1);  // sign of the dividend
  EXPECT_NE(f.runError(binary(Op::AddI, kMax, 1, f), 3).find("overflow"), std::string::npos);
  EXPECT_NE(f.runError(binary(Op::SubI, kMin, 1, f), 3).find("overflow"), std::string::npos);
  EXPECT_NE(f.runError(binary(Op::MulI, kMax, 2, f), 3).find("overflow"), std::string::npos);
  EXPECT_NE(f.runError(binary(Op::DivI, 1, 0, f), 3).find("division by zero"), std::string::npos);
  EXPECT_NE(f.runError(binary(Op::ModI, 1, 0, f), 3).find("division by zero"), std::string::npos);
  EXPECT_NE(f.runError(binary(Op::DivI, kMin, -1, f), 3).find("overflow"), std::string::npos);
  EXPECT_NE(f.runError(binary(Op::ModI, kMin, -1, f), 3).find("overflow"), std::string::npos);
  f.p.constants.push_back({ValueType::Int, kMin, 0, 0, 0});
  int32_t k = static_cast<int32_t>(f.p.constants.size() - 1);
  EXPECT_NE(f.runError({I(Op::LoadConst, 1, 0, k), I(Op::NegI, 0, 1), I(Op::Ret, 0, 1)}, 2).find("overflow"),
            std::string::npos);
  EXPECT_EQ(f.runInt({I(Op::LoadInt, 1, 0, 5), I(Op::NegI, 0, 1), I(Op::Ret, 0, 1)}, 2), -5);
}

double runFloat(Fixture& f, Op op, double a, double b) {
  f.p.constants.push_back({ValueType::Float, 0, a, 0, 0});
  f.p.constants.push_back({ValueType::Float, 0, b, 0, 0});
  int32_t ka = static_cast<int32_t>(f.p.constants.size() - 2);
  auto o = f.run({I(Op::LoadConst, 1, 0, ka), I(Op::LoadConst, 2, 0, ka + 1), I(op, 0, 1, 2), I(Op::Ret, 0, 1)}, 3);
  EXPECT_TRUE(o.ok) << o.error;
  return o.ok ? o.results[0].f : NAN;
}

TEST(Vm, FloatArithmeticAndItsErrors) {
  Fixture f;
  EXPECT_DOUBLE_EQ(runFloat(f, Op::AddF, 1.5, 2.25), 3.75);
  EXPECT_DOUBLE_EQ(runFloat(f, Op::SubF, 1.5, 2.25), -0.75);
  EXPECT_DOUBLE_EQ(runFloat(f, Op::MulF, 1.5, 2.0), 3.0);
  EXPECT_DOUBLE_EQ(runFloat(f, Op::DivF, 1.0, 4.0), 0.25);
  EXPECT_DOUBLE_EQ(runFloat(f, Op::ModF, 7.5, 2.0), 1.5);
  // Errors: division by zero (also 0/0 and %), results that are not finite.
  for (Op op : {Op::DivF, Op::ModF}) {
    auto o = f.run({I(Op::LoadConst, 1, 0, 1), I(Op::LoadInt, 2, 0, 0), I(Op::IntToFloat, 2, 2), I(op, 0, 1, 2),
                    I(Op::Ret, 0, 1)}, 3);
    EXPECT_FALSE(o.ok);
    EXPECT_NE(o.error.find("division by zero"), std::string::npos);
  }
  auto inf = f.run({I(Op::LoadConst, 1, 0, 3), I(Op::MulF, 0, 1, 1), I(Op::Ret, 0, 1)}, 2);
  EXPECT_FALSE(inf.ok);
  EXPECT_NE(inf.error.find("finite"), std::string::npos);
  auto add = f.run({I(Op::LoadConst, 1, 0, 3), I(Op::AddF, 0, 1, 1), I(Op::AddF, 0, 0, 0), I(Op::Ret, 0, 1)}, 2);
  EXPECT_FALSE(add.ok);
  auto sub = f.run({I(Op::LoadConst, 1, 0, 3), I(Op::NegF, 2, 1), I(Op::SubF, 0, 2, 1), I(Op::Ret, 0, 1)}, 3);
  EXPECT_FALSE(sub.ok);
  auto neg = f.run({I(Op::LoadConst, 1, 0, 1), I(Op::NegF, 0, 1), I(Op::Ret, 0, 1)}, 2);
  EXPECT_DOUBLE_EQ(neg.results[0].f, -2.5);
  // IntToFloat keeps a missing value missing (int? ?? float).
  auto conv = f.run({I(Op::LoadTraitOpt, 1, 2), I(Op::IntToFloat, 0, 1), I(Op::Ret, 0, 1)}, 2);
  EXPECT_TRUE(conv.results[0].missing);
}

TEST(Vm, StringsAndComparisons) {
  Fixture f;
  auto cat = f.run({I(Op::LoadConst, 1, 0, 2), I(Op::LoadUserId, 2), I(Op::Concat, 0, 1, 2), I(Op::Ret, 0, 1)}, 3);
  EXPECT_EQ(cat.results[0].str(), "abcuser-1");
  struct Case {
    Op op;
    int64_t a, b;
    bool expect;
  };
  for (Case c : std::vector<Case>{{Op::EqI, 3, 3, true}, {Op::NeI, 3, 3, false}, {Op::LtI, 2, 3, true}, {Op::LeI, 3, 3, true},
                                  {Op::GtI, 2, 3, false}, {Op::GeI, 3, 3, true}})
    EXPECT_EQ(f.runInt(binary(c.op, c.a, c.b, f), 3), c.expect) << bc::opInfo(c.op).mnemonic;
  for (auto [op, expect] : std::vector<std::pair<Op, bool>>{{Op::EqF, false}, {Op::NeF, true}, {Op::LtF, true},
                                                            {Op::LeF, true}, {Op::GtF, false}, {Op::GeF, false}}) {
    double bits = runFloat(f, op, 1.5, 2.5);  // a comparison's bool, read through the union
    int64_t asInt;
    std::memcpy(&asInt, &bits, 8);
    EXPECT_EQ(asInt != 0, expect) << bc::opInfo(op).mnemonic;
  }
  for (auto [op, expect] : std::vector<std::pair<Op, bool>>{{Op::EqS, false}, {Op::NeS, true}, {Op::LtS, true},
                                                            {Op::LeS, true}, {Op::GtS, false}, {Op::GeS, false}}) {
    auto o = f.run({I(Op::LoadConst, 1, 0, 2), I(Op::LoadUserId, 2), I(op, 0, 1, 2), I(Op::Ret, 0, 1)}, 3);
    EXPECT_EQ(o.results[0].i != 0, expect) << bc::opInfo(op).mnemonic;  // "abc" vs "user-1"
  }
  // Optional equality: a missing value equals nothing, not even another missing value.
  for (auto [op, expect] : std::vector<std::pair<Op, bool>>{{Op::EqIOpt, false}, {Op::NeIOpt, true}, {Op::EqFOpt, false},
                                                            {Op::NeFOpt, true}, {Op::EqSOpt, false}, {Op::NeSOpt, true}}) {
    auto o = f.run({I(Op::LoadMissing, 1), I(Op::LoadMissing, 2), I(op, 0, 1, 2), I(Op::Ret, 0, 1)}, 3);
    EXPECT_EQ(o.results[0].i != 0, expect) << bc::opInfo(op).mnemonic;
  }
  auto present = f.run({I(Op::LoadConst, 1, 0, 2), I(Op::LoadConst, 2, 0, 2), I(Op::EqSOpt, 0, 1, 2), I(Op::Ret, 0, 1)}, 3);
  EXPECT_EQ(present.results[0].i, 1);
  EXPECT_EQ(f.runInt({I(Op::LoadInt, 1, 0, 1), I(Op::Not, 0, 1), I(Op::Ret, 0, 1)}, 2), 0);
}

TEST(Vm, JumpsAreForwardAndShortCircuit) {
  Fixture f;
  // r0 = 1; if r0 jump over "r0 = 2" (relative targets).
  EXPECT_EQ(f.runInt({I(Op::LoadInt, 0, 0, 1), I(Op::JumpIfTrue, 0, 0, 3), I(Op::LoadInt, 0, 0, 2), I(Op::Ret, 0, 1)}, 1), 1);
  EXPECT_EQ(f.runInt({I(Op::LoadInt, 0, 0, 0), I(Op::JumpIfFalse, 0, 0, 3), I(Op::LoadInt, 0, 0, 2), I(Op::Ret, 0, 1)}, 1), 0);
  EXPECT_EQ(f.runInt({I(Op::LoadInt, 0, 0, 0), I(Op::Jump, 0, 0, 3), I(Op::LoadInt, 0, 0, 2), I(Op::Ret, 0, 1)}, 1), 0);
  EXPECT_EQ(f.runInt({I(Op::LoadInt, 0, 0, 4), I(Op::JumpIfPresent, 0, 0, 3), I(Op::LoadInt, 0, 0, 2), I(Op::Ret, 0, 1)}, 1), 4);
  EXPECT_EQ(f.runInt({I(Op::LoadTraitOpt, 0, 2), I(Op::JumpIfPresent, 0, 0, 3), I(Op::LoadInt, 0, 0, 2), I(Op::Ret, 0, 1)}, 1), 2);
}

TEST(Vm, Builtins) {
  Fixture f;
  auto upper = f.run({I(Op::LoadUserId, 1), I(Op::CallBuiltin, 0, 1, static_cast<int32_t>(stdlib::Overload::UpperS)),
                      I(Op::Ret, 0, 1)}, 2);
  EXPECT_EQ(upper.results[0].str(), "USER-1");
  auto absMin = f.run({I(Op::LoadInt, 1, 0, 0), I(Op::LoadConst, 1, 0, 0), I(Op::NegI, 1, 1), I(Op::LoadInt, 2, 0, 1),
                       I(Op::SubI, 1, 1, 2), I(Op::CallBuiltin, 0, 1, static_cast<int32_t>(stdlib::Overload::AbsI)),
                       I(Op::Ret, 0, 1)}, 3);
  EXPECT_FALSE(absMin.ok);  // abs(INT64_MIN) overflows
}

TEST(Vm, History) {
  Fixture f;
  auto q = [&](Op op, uint16_t slot, int64_t window = 0) {
    std::vector<Insn> code;
    f.p.constants.push_back({ValueType::Int, window, 0, 0, 0});
    code.push_back(I(Op::LoadConst, 1, 0, static_cast<int32_t>(f.p.constants.size() - 1)));
    code.push_back(I(op, 0, slot, 1));
    code.push_back(I(Op::Ret, 0, 1));
    return f.run(code, 2, 1, 10'000'000);
  };
  EXPECT_EQ(q(Op::HistEver, 0).results[0].i, 0);
  EXPECT_TRUE(q(Op::HistFirst, 1).results[0].missing);
  EXPECT_TRUE(q(Op::HistLast, 2).results[0].missing);
  EXPECT_TRUE(q(Op::HistSince, 2).results[0].missing);
  for (int64_t t : {5'000'000, 7'000'000, 9'000'000}) f.addEvent(t);
  EXPECT_EQ(q(Op::HistEver, 0).results[0].i, 1);
  EXPECT_EQ(q(Op::HistCount, 0).results[0].i, 3);
  EXPECT_EQ(q(Op::HistFirst, 1).results[0].i, 5'000'000);
  EXPECT_EQ(q(Op::HistLast, 2).results[0].i, 9'000'000);
  EXPECT_EQ(q(Op::HistSince, 2).results[0].i, 1'000'000);
  // Windows are (now - D, now]: an event exactly D ago is out.
  EXPECT_EQ(q(Op::HistWithin, 2, 1'000'000).results[0].i, 0);
  EXPECT_EQ(q(Op::HistWithin, 2, 1'000'001).results[0].i, 1);
  EXPECT_EQ(q(Op::HistCountWithin, 4, 5'000'000).results[0].i, 2);
  EXPECT_EQ(q(Op::HistCountWithin, 4, 5'000'001).results[0].i, 3);
  // The ring holds the last 2 within 1h = 3.6e6 ms of now = 1e7: 7e6 and 9e6 -> 7e6 > 6.4e6.
  EXPECT_EQ(q(Op::HistAtLeast, 3).results[0].i, 1);
  f.addEvent(9'500'000);
  // Now the last two are 9e6 and 9.5e6: in (now - 1h, now] until 9e6 sits exactly 1h back.
  auto later = f.run({I(Op::HistAtLeast, 0, 3), I(Op::Ret, 0, 1)}, 1, 1, 12'599'999);
  EXPECT_EQ(later.results[0].i, 1);
  auto gone = f.run({I(Op::HistAtLeast, 0, 3), I(Op::Ret, 0, 1)}, 1, 1, 12'600'000);
  EXPECT_EQ(gone.results[0].i, 0);
}

TEST(Vm, FilteredStreamErrorsFailTheQueriesThatCoverThem) {
  Fixture f;
  f.p.streams[0].filterFn = 0;  // (not run here: the error slot is what the VM reads)
  f.p.streams[0].errorOffset = 104;
  f.p.layout.size = 120;
  f.block.resize(120, 0);
  uint64_t count = 1;
  int64_t when = 9'000'000;
  std::memcpy(f.block.data() + 104, &count, 8);
  std::memcpy(f.block.data() + 112, &when, 8);
  EXPECT_FALSE(f.run({I(Op::HistCount, 0, 0), I(Op::Ret, 0, 1)}, 1).ok);
  f.p.constants.push_back({ValueType::Int, 500'000, 0, 0, 0});
  int32_t k = static_cast<int32_t>(f.p.constants.size() - 1);
  // A window that ends before the failed event does not see it.
  auto narrow = f.run({I(Op::LoadConst, 1, 0, k), I(Op::HistWithin, 0, 2, 1), I(Op::Ret, 0, 1)}, 2, 1, 10'000'000);
  EXPECT_TRUE(narrow.ok);
  auto wide = f.run({I(Op::LoadConst, 1, 0, 0), I(Op::HistWithin, 0, 2, 1), I(Op::Ret, 0, 1)}, 2, 1, 10'000'000);
  EXPECT_FALSE(wide.ok);
}

// Streams filtered at query time: the filter (fn 1, `event.x > user.n`) runs over the
// user's event log when the query runs, on registers above the querying function's.
TEST(Vm, QueryTimeFiltersRunOverTheEventLog) {
  Fixture f;
  f.p.streams.push_back({0, 1, bc::kNone, {}, true, 104, 0});
  f.p.layout.size = 112;
  f.block.resize(112, 0);
  engine::EventLog events;
  for (auto [t, x] : {std::pair<int64_t, int64_t>{5'000'000, 1}, {7'000'000, 5}, {9'000'000, 9}}) {
    Value props[2] = {Value::ofInt(x), Value::none()};
    events.push(t, props, 2);
  }
  engine::EventLog* logPointer = &events;
  std::memcpy(f.block.data() + 104, &logPointer, sizeof logPointer);
  f.p.constants.push_back({ValueType::Int, 2'500'000, 0, 0, 0});
  const auto window = static_cast<int32_t>(f.p.constants.size() - 1);

  std::string error;
  auto query = [&]() {
    bc::Program prog = f.p;
    prog.code = {I(Op::FilterCount, 0, 1), I(Op::LoadConst, 1, 0, window), I(Op::FilterCountWithin, 2, 1, 1),
                 I(Op::FilterFirst, 3, 1), I(Op::FilterLast, 4, 1), I(Op::Ret, 0, 5),
                 // fn 1, the filter
                 I(Op::LoadEventField, 0, 0), I(Op::LoadTrait, 1, 0), I(Op::GtI, 2, 0, 1), I(Op::Ret, 2, 1)};
    prog.lines.assign(prog.code.size(), 1);
    prog.functions = {bc::Function{0, 6, 5, 5}, bc::Function{6, 10, 3, 1}};
    prog.functions[0].event = bc::kNone;
    prog.functions[1].event = 0;
    prog.maxRegisters = 5;
    EXPECT_EQ(bc::verifyProgram(prog), std::nullopt);
    vm::Vm vm(prog);
    vm::Frame frame{f.block.data(), nullptr, 10'000'000, 1000, "user-1"};
    std::vector<Value> out;
    error.clear();
    if (!vm.run(0, frame)) {
      error = vm.error();
      return out;
    }
    out.assign(vm.results(), vm.results() + 5);
    return out;
  };

  f.setTrait(0, 4);  // x > 4: the events at 7e6 and 9e6
  std::vector<Value> r = query();
  ASSERT_EQ(r.size(), 5u);
  EXPECT_EQ(r[0].i, 2);
  EXPECT_EQ(r[2].i, 1);  // window (7.5e6, 1e7]
  EXPECT_EQ(r[3].i, 7'000'000);
  EXPECT_EQ(r[4].i, 9'000'000);
  // The same log, a different trait: the filter reads the user as it is now.
  f.setTrait(0, 6);
  r = query();
  EXPECT_EQ(r[0].i, 1);
  EXPECT_EQ(r[3].i, 9'000'000);
  f.setTrait(0, 100);
  r = query();
  EXPECT_EQ(r[0].i, 0);
  EXPECT_EQ(r[2].i, 0);
  EXPECT_TRUE(r[3].missing);
  EXPECT_TRUE(r[4].missing);
  // No events yet: no log at all.
  engine::EventLog* none = nullptr;
  std::memcpy(f.block.data() + 104, &none, sizeof none);
  f.setTrait(0, 4);
  r = query();
  EXPECT_EQ(r[0].i, 0);
  EXPECT_TRUE(r[3].missing);
  // A filter that fails fails the query, with the filter's own error.
  std::memcpy(f.block.data() + 104, &logPointer, sizeof logPointer);
  reinterpret_cast<engine::TraitCell*>(f.block.data())->set = 0;
  r = query();
  EXPECT_TRUE(r.empty());
  EXPECT_EQ(error, "trait `n` is not set and has no default");
}

// Must stay last in this file: every opcode of opcodes.def has a case above.
TEST(VmZ, EveryOpcodeIsTested) {
  for (size_t i = 0; i < static_cast<size_t>(Op::kCount); ++i)
    EXPECT_TRUE(covered().count(static_cast<Op>(i))) << "no VM test uses " << bc::opInfo(static_cast<Op>(i)).mnemonic;
}

}  // namespace
}  // namespace onb
