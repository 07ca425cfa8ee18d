// The JIT against the VM, opcode by opcode: each case is a small function run on both
// with the same state; results and runtime errors must be identical. Arithmetic and
// comparisons go over grids of edge values (INT64_MIN/MAX, -1, 0, NaN, infinities, -0.0).
// A last test fails when an opcode of opcodes.def has no case here.
#include <cmath>

#include "stdlib/builtins.hpp"
#include "tests/unit/jit/jit_diff_support.hpp"

namespace onb::jittest {
namespace {

constexpr Op kIntBinary[] = {Op::AddI, Op::SubI, Op::MulI, Op::DivI, Op::ModI, Op::EqI, Op::NeI,
                             Op::LtI,  Op::LeI,  Op::GtI,  Op::GeI,  Op::EqIOpt, Op::NeIOpt};
constexpr Op kFloatBinary[] = {Op::AddF, Op::SubF, Op::MulF, Op::DivF, Op::ModF, Op::EqF, Op::NeF,
                               Op::LtF,  Op::LeF,  Op::GtF,  Op::GeF,  Op::EqFOpt, Op::NeFOpt};
constexpr Op kStringBinary[] = {Op::EqS, Op::NeS, Op::LtS, Op::LeS, Op::GtS, Op::GeS, Op::EqSOpt, Op::NeSOpt, Op::Concat};

std::string name(Op op) { return bc::opInfo(op).mnemonic; }

bool isFloatResult(Op op) { return op == Op::AddF || op == Op::SubF || op == Op::MulF || op == Op::DivF || op == Op::ModF; }

TEST(JitOpcodes, LoadsMovesAndTraits) {
  Diff d;
  d.add("load.i", {I(Op::LoadInt, 0, 0, -42), I(Op::Ret, 0, 1)}, 1);
  d.add("load.k int", {I(Op::LoadConst, 0, 0, d.k(kMax)), I(Op::Ret, 0, 1)}, 1);
  d.add("load.k float", {I(Op::LoadConst, 0, 0, d.kf(-0.0)), I(Op::Ret, 0, 1)}, 1, {Kind::Float});
  d.add("load.k string", {I(Op::LoadConst, 0, 0, d.ks("abc")), I(Op::Ret, 0, 1)}, 1, {Kind::String});
  d.add("load.none", {I(Op::LoadMissing, 0), I(Op::Ret, 0, 1)}, 1);
  d.add("move", {I(Op::LoadInt, 1, 0, 5), I(Op::Move, 0, 1), I(Op::Ret, 0, 1)}, 2);
  d.add("ret from r1", {I(Op::LoadInt, 1, 0, 9), I(Op::Ret, 1, 1)}, 2);
  d.add("ret overlapping", {I(Op::LoadInt, 1, 0, 1), I(Op::LoadInt, 2, 0, 2), I(Op::LoadInt, 3, 0, 3), I(Op::Ret, 1, 3)},
        4, {Kind::Int, Kind::Int, Kind::Int});
  d.add("trait unset, no default", {I(Op::LoadTrait, 0, 0), I(Op::Ret, 0, 1)}, 1);
  d.add("trait string default", {I(Op::LoadTrait, 0, 1), I(Op::Ret, 0, 1)}, 1, {Kind::String});
  d.add("trait.opt missing", {I(Op::LoadTraitOpt, 0, 2), I(Op::Ret, 0, 1)}, 1);
  d.add("trait.opt float default", {I(Op::LoadTraitOpt, 0, 3), I(Op::Ret, 0, 1)}, 1, {Kind::Float});
  d.add("trait.opt string default", {I(Op::LoadTraitOpt, 0, 1), I(Op::Ret, 0, 1)}, 1, {Kind::String});
  d.add("event int", {I(Op::LoadEventField, 0, 0), I(Op::Ret, 0, 1)}, 1);
  d.add("event missing", {I(Op::LoadEventField, 0, 1), I(Op::Ret, 0, 1)}, 1);
  d.add("user.id", {I(Op::LoadUserId, 0), I(Op::Ret, 0, 1)}, 1, {Kind::String});
  d.add("now", {I(Op::LoadNow, 0), I(Op::Ret, 0, 1)}, 1);
  d.add("entered_at", {I(Op::LoadEnteredAt, 0), I(Op::Ret, 0, 1)}, 1);
  EXPECT_EQ(d.check(), 1);  // the unset trait with no default
  // Now with every trait set (strings from the user's storage).
  d.setTrait(0, 12);
  d.setStringTrait(16, "set-value");
  d.setTrait(32, -3);
  d.setTrait(120, std::bit_cast<int64_t>(2.25));
  d.event[1] = Value::ofString("named");
  EXPECT_EQ(d.check(), 0);
}

TEST(JitOpcodes, MissingTraitErrorNamesTheTrait) {
  Diff d;
  d.add("trait", {I(Op::LoadTrait, 0, 0), I(Op::Ret, 0, 1)}, 1);
  EXPECT_EQ(d.check(), 1);
  jit::JitRunner jit(d.p);
  vm::Frame frame{d.block.data(), d.event.data(), 0, 0, "u"};
  ASSERT_FALSE(jit.run(0, frame));
  EXPECT_STREQ(jit.error(), "trait `n` is not set and has no default");
}

TEST(JitOpcodes, IntegerGrid) {
  const int64_t values[] = {0, 1, -1, 2, -2, 3, -7, 7, 1LL << 32, -(1LL << 40), kMax, kMin, kMax - 1, kMin + 1, 3037000500};
  Diff d;
  for (Op op : kIntBinary)
    for (int64_t a : values)
      for (int64_t b : values)
        d.add(name(op) + " " + std::to_string(a) + " " + std::to_string(b),
              {I(Op::LoadConst, 1, 0, d.k(a)), I(Op::LoadConst, 2, 0, d.k(b)), I(op, 0, 1, 2), I(Op::Ret, 0, 1)}, 3);
  for (int64_t a : values) {
    d.add("neg.i " + std::to_string(a), {I(Op::LoadConst, 1, 0, d.k(a)), I(Op::NegI, 0, 1), I(Op::Ret, 0, 1)}, 2);
    d.add("not " + std::to_string(a), {I(Op::LoadConst, 1, 0, d.k(a)), I(Op::Not, 0, 1), I(Op::Ret, 0, 1)}, 2);
    d.add("i2f " + std::to_string(a), {I(Op::LoadConst, 1, 0, d.k(a)), I(Op::IntToFloat, 0, 1), I(Op::Ret, 0, 1)}, 2,
          {Kind::Float});
  }
  // Overflows, divisions by zero and INT64_MIN / -1 are among the cases.
  EXPECT_GT(d.check(), 0);
}

TEST(JitOpcodes, OptionalIntsAndConversions) {
  Diff d;
  for (Op op : {Op::EqIOpt, Op::NeIOpt, Op::EqFOpt, Op::NeFOpt, Op::EqSOpt, Op::NeSOpt}) {
    d.add(name(op) + " both missing", {I(Op::LoadMissing, 1), I(Op::LoadMissing, 2), I(op, 0, 1, 2), I(Op::Ret, 0, 1)}, 3);
    d.add(name(op) + " one missing", {I(Op::LoadInt, 1, 0, 0), I(Op::LoadMissing, 2), I(op, 0, 1, 2), I(Op::Ret, 0, 1)}, 3);
    d.add(name(op) + " other missing", {I(Op::LoadMissing, 1), I(Op::LoadInt, 2, 0, 0), I(op, 0, 1, 2), I(Op::Ret, 0, 1)},
          3);
  }
  d.add("i2f of missing", {I(Op::LoadTraitOpt, 1, 2), I(Op::IntToFloat, 0, 1), I(Op::Ret, 0, 1)}, 2, {Kind::Float});
  d.add("neg.f", {I(Op::LoadConst, 1, 0, d.kf(2.5)), I(Op::NegF, 0, 1), I(Op::Ret, 0, 1)}, 2, {Kind::Float});
  d.add("neg.f zero", {I(Op::LoadConst, 1, 0, d.kf(0.0)), I(Op::NegF, 0, 1), I(Op::Ret, 0, 1)}, 2, {Kind::Float});
  EXPECT_EQ(d.check(), 0);
}

TEST(JitOpcodes, FloatGrid) {
  const double inf = std::numeric_limits<double>::infinity();
  const double values[] = {0.0, -0.0, 1.0, -1.5, 2.5, 1e308, -1e308, 5e-324, 0.1, 3.0, inf, -inf, std::nan("")};
  Diff d;
  for (Op op : kFloatBinary)
    for (double a : values)
      for (double b : values)
        d.add(name(op) + " " + std::to_string(a) + " " + std::to_string(b),
              {I(Op::LoadConst, 1, 0, d.kf(a)), I(Op::LoadConst, 2, 0, d.kf(b)), I(op, 0, 1, 2), I(Op::Ret, 0, 1)}, 3,
              {isFloatResult(op) ? Kind::Float : Kind::Int});
  for (double a : values)
    d.add("neg.f " + std::to_string(a), {I(Op::LoadConst, 1, 0, d.kf(a)), I(Op::NegF, 0, 1), I(Op::Ret, 0, 1)}, 2,
          {Kind::Float});
  EXPECT_GT(d.check(), 0);
}

TEST(JitOpcodes, StringGrid) {
  const std::string values[] = {"", "a", "abc", "abd", "ab", "ABC", "\xc3\xa9t\xc3\xa9", std::string("a\0b", 3), "zzzz"};
  Diff d;
  for (Op op : kStringBinary)
    for (const std::string& a : values)
      for (const std::string& b : values)
        d.add(name(op) + " '" + a + "' '" + b + "'",
              {I(Op::LoadConst, 1, 0, d.ks(a)), I(Op::LoadConst, 2, 0, d.ks(b)), I(op, 0, 1, 2), I(Op::Ret, 0, 1)}, 3,
              {op == Op::Concat ? Kind::String : Kind::Int});
  d.add("concat user.id", {I(Op::LoadConst, 1, 0, d.ks("id:")), I(Op::LoadUserId, 2), I(Op::Concat, 0, 1, 2),
                           I(Op::Concat, 0, 0, 0), I(Op::Ret, 0, 1)},
        3, {Kind::String});
  EXPECT_EQ(d.check(), 0);
}

TEST(JitOpcodes, Builtins) {
  Diff d;
  auto call = [&](stdlib::Overload id) { return static_cast<int32_t>(id); };
  for (const std::string& s : {std::string(""), std::string("Hello, World"), std::string("\xc3\xa9t\xc3\xa9!")}) {
    d.add("lower " + s, {I(Op::LoadConst, 1, 0, d.ks(s)), I(Op::CallBuiltin, 0, 1, call(stdlib::Overload::LowerS)),
                         I(Op::Ret, 0, 1)},
          2, {Kind::String});
    d.add("upper " + s, {I(Op::LoadConst, 1, 0, d.ks(s)), I(Op::CallBuiltin, 0, 1, call(stdlib::Overload::UpperS)),
                         I(Op::Ret, 0, 1)},
          2, {Kind::String});
    d.add("len " + s, {I(Op::LoadConst, 1, 0, d.ks(s)), I(Op::CallBuiltin, 0, 1, call(stdlib::Overload::LenS)),
                       I(Op::Ret, 0, 1)},
          2);
    for (stdlib::Overload o : {stdlib::Overload::ContainsSS, stdlib::Overload::StartsWithSS, stdlib::Overload::EndsWithSS})
      d.add(std::string(stdlib::overloadInfo(o).name) + " " + s,
            {I(Op::LoadConst, 1, 0, d.ks(s)), I(Op::LoadConst, 2, 0, d.ks("l")), I(Op::CallBuiltin, 0, 1, call(o)),
             I(Op::Ret, 0, 1)},
            3);
  }
  for (int64_t a : {kMin, -5L, 0L, 7L, kMax}) {
    for (stdlib::Overload o : {stdlib::Overload::MinII, stdlib::Overload::MaxII, stdlib::Overload::MinDD,
                               stdlib::Overload::MaxTT})
      d.add(std::string(stdlib::overloadInfo(o).name) + std::to_string(a),
            {I(Op::LoadConst, 1, 0, d.k(a)), I(Op::LoadInt, 2, 0, 3), I(Op::CallBuiltin, 0, 1, call(o)), I(Op::Ret, 0, 1)},
            3);
    d.add("abs " + std::to_string(a),  // abs(INT64_MIN) is an error
          {I(Op::LoadConst, 1, 0, d.k(a)), I(Op::CallBuiltin, 0, 1, call(stdlib::Overload::AbsI)), I(Op::Ret, 0, 1)}, 2);
  }
  for (double a : {-2.5, 0.0, -0.0, 1e300}) {
    for (stdlib::Overload o : {stdlib::Overload::MinFF, stdlib::Overload::MaxFF})
      d.add(std::string(stdlib::overloadInfo(o).name) + std::to_string(a),
            {I(Op::LoadConst, 1, 0, d.kf(a)), I(Op::LoadConst, 2, 0, d.kf(-0.0)), I(Op::CallBuiltin, 0, 1, call(o)),
             I(Op::Ret, 0, 1)},
            3, {Kind::Float});
    d.add("abs.f", {I(Op::LoadConst, 1, 0, d.kf(a)), I(Op::CallBuiltin, 0, 1, call(stdlib::Overload::AbsF)),
                    I(Op::Ret, 0, 1)},
          2, {Kind::Float});
  }
  EXPECT_EQ(d.check(), 1);  // abs(INT64_MIN)
}

TEST(JitOpcodes, JumpsAreForwardAndShortCircuit) {
  Diff d;
  for (int32_t v : {0, 1}) {
    d.add("jump.true", {I(Op::LoadInt, 0, 0, v), I(Op::JumpIfTrue, 0, 0, 3), I(Op::LoadInt, 0, 0, 2), I(Op::Ret, 0, 1)}, 1);
    d.add("jump.false", {I(Op::LoadInt, 0, 0, v), I(Op::JumpIfFalse, 0, 0, 3), I(Op::LoadInt, 0, 0, 2), I(Op::Ret, 0, 1)},
          1);
  }
  d.add("jump", {I(Op::LoadInt, 0, 0, 0), I(Op::Jump, 0, 0, 3), I(Op::LoadInt, 0, 0, 2), I(Op::Ret, 0, 1)}, 1);
  d.add("jump.present", {I(Op::LoadInt, 0, 0, 4), I(Op::JumpIfPresent, 0, 0, 3), I(Op::LoadInt, 0, 0, 2), I(Op::Ret, 0, 1)},
        1);
  d.add("jump.present missing",
        {I(Op::LoadTraitOpt, 0, 2), I(Op::JumpIfPresent, 0, 0, 3), I(Op::LoadInt, 0, 0, 2), I(Op::Ret, 0, 1)}, 1);
  // `a or b` where b would fail: the jump skips the error.
  d.add("or skips a division by zero",
        {I(Op::LoadInt, 0, 0, 1), I(Op::JumpIfTrue, 0, 0, 5), I(Op::LoadInt, 1, 0, 0), I(Op::DivI, 0, 0, 1),
         I(Op::Jump, 0, 0, 5), I(Op::Ret, 0, 1)},
        2);
  d.add("and reaches a division by zero",
        {I(Op::LoadInt, 0, 0, 1), I(Op::JumpIfFalse, 0, 0, 4), I(Op::LoadInt, 1, 0, 0), I(Op::DivI, 0, 0, 1),
         I(Op::Ret, 0, 1)},
        2);
  // A return in the middle, and a jump to the instruction right after the jump.
  d.add("early ret", {I(Op::LoadInt, 0, 0, 1), I(Op::JumpIfTrue, 0, 0, 3), I(Op::Ret, 0, 1), I(Op::LoadInt, 0, 0, 8),
                      I(Op::Ret, 0, 1)},
        1);
  d.add("jump to next", {I(Op::LoadInt, 0, 0, 1), I(Op::JumpIfTrue, 0, 0, 2), I(Op::Ret, 0, 1)}, 1);
  EXPECT_EQ(d.check(), 1);
}

TEST(JitOpcodes, History) {
  Diff d;
  auto queries = [&](Diff& x, int64_t now) {
    for (int64_t window : {0L, 1L, 999'999L, 1'000'000L, 1'000'001L, 5'000'000L, 5'000'001L, kMax, kMin, -1L}) {
      const std::string w = " window " + std::to_string(window) + " now " + std::to_string(now);
      x.add("hist.within" + w, {I(Op::LoadConst, 1, 0, x.k(window)), I(Op::HistWithin, 0, 2, 1), I(Op::Ret, 0, 1)}, 2,
            {Kind::Int}, now);
      x.add("hist.count.within" + w,
            {I(Op::LoadConst, 1, 0, x.k(window)), I(Op::HistCountWithin, 0, 4, 1), I(Op::Ret, 0, 1)}, 2, {Kind::Int}, now);
    }
    const std::string at = " now " + std::to_string(now);
    x.add("hist.ever" + at, {I(Op::HistEver, 0, 0), I(Op::Ret, 0, 1)}, 1, {Kind::Int}, now);
    x.add("hist.count" + at, {I(Op::HistCount, 0, 0), I(Op::Ret, 0, 1)}, 1, {Kind::Int}, now);
    x.add("hist.first" + at, {I(Op::HistFirst, 0, 1), I(Op::Ret, 0, 1)}, 1, {Kind::Int}, now);
    x.add("hist.last" + at, {I(Op::HistLast, 0, 2), I(Op::Ret, 0, 1)}, 1, {Kind::Int}, now);
    x.add("hist.since" + at, {I(Op::HistSince, 0, 2), I(Op::Ret, 0, 1)}, 1, {Kind::Int}, now);
    x.add("hist.atleast" + at, {I(Op::HistAtLeast, 0, 3), I(Op::Ret, 0, 1)}, 1, {Kind::Int}, now);
  };
  for (int64_t now : {10'000'000L, 12'599'999L, 12'600'000L, 0L, kMin, kMax}) queries(d, now);
  EXPECT_EQ(d.check(), 0);  // nothing yet
  // From here, since = now - last overflows for now = INT64_MIN: an error.
  d.addEvent(5'000'000);
  EXPECT_GT(d.check(), 0);  // a ring that is not full
  for (int64_t t : {7'000'000, 9'000'000, 9'500'000}) d.addEvent(t);
  EXPECT_GT(d.check(), 0);
}

TEST(JitOpcodes, FilteredStreamErrorsFailTheQueriesThatCoverThem) {
  Diff d;
  d.p.streams[0].filterFn = 0;  // (not run here: the error slot is what the code reads)
  d.p.streams[0].errorOffset = 104;
  for (int64_t window : {500'000L, 1'000'000L, 1'000'001L, kMax})
    for (uint16_t slot : {2, 4}) {
      Op op = slot == 2 ? Op::HistWithin : Op::HistCountWithin;
      d.add(name(op) + " " + std::to_string(window),
            {I(Op::LoadConst, 1, 0, d.k(window)), I(op, 0, slot, 1), I(Op::Ret, 0, 1)}, 2);
    }
  for (Op op : {Op::HistEver, Op::HistCount}) d.add(name(op), {I(op, 0, 0), I(Op::Ret, 0, 1)}, 1);
  for (Op op : {Op::HistLast, Op::HistSince}) d.add(name(op), {I(op, 0, 2), I(Op::Ret, 0, 1)}, 1);
  d.add("hist.first", {I(Op::HistFirst, 0, 1), I(Op::Ret, 0, 1)}, 1);
  d.add("hist.atleast", {I(Op::HistAtLeast, 0, 3), I(Op::Ret, 0, 1)}, 1);
  for (int64_t t : {5'000'000, 9'500'000}) d.addEvent(t);
  EXPECT_EQ(d.check(), 0);  // no errors counted
  uint64_t count = 1;
  for (int64_t when : {9'000'000L, 8'000'000L, 6'000'000L}) {
    std::memcpy(d.block.data() + 104, &count, 8);
    std::memcpy(d.block.data() + 112, &when, 8);
    EXPECT_GT(d.check(), 5) << when;  // some windows cover the failed event, some do not
  }
}

TEST(JitOpcodes, FiltersRunAtQueryTime) {
  Diff d;
  // Filters over the logged event (x: int, name: string?), as compiled for `(e where X)`
  // read at query time: one that passes some events, one that fails on x == 0, one that
  // reads a trait with no default (fails while it is unset) and strings, and two that
  // query other lazy streams (nested filters, one of them failing).
  const int32_t above5 = d.nextFunction();
  d.add("filter x > 5", {I(Op::LoadEventField, 1, 0), I(Op::LoadConst, 2, 0, d.k(5)), I(Op::GtI, 0, 1, 2), I(Op::Ret, 0, 1)},
        3);
  const int32_t divides = d.nextFunction();
  d.add("filter 100 / x >= 10", {I(Op::LoadConst, 1, 0, d.k(100)), I(Op::LoadEventField, 2, 0), I(Op::DivI, 1, 1, 2),
                                 I(Op::LoadConst, 2, 0, d.k(10)), I(Op::GeI, 0, 1, 2), I(Op::Ret, 0, 1)},
        3);
  const int32_t traits = d.nextFunction();
  d.add("filter name == s and x < n",
        {I(Op::LoadEventField, 1, 1), I(Op::LoadTrait, 2, 1), I(Op::EqSOpt, 0, 1, 2), I(Op::JumpIfFalse, 0, 0, 7),
         I(Op::LoadEventField, 1, 0), I(Op::LoadTrait, 2, 0), I(Op::LtI, 0, 1, 2), I(Op::Ret, 0, 1)},
        3);
  const uint16_t streamAbove5 = d.addLazyStream(above5);
  const uint16_t streamDivides = d.addLazyStream(divides);
  const uint16_t streamTraits = d.addLazyStream(traits);
  const uint16_t streamEmpty = d.addLazyStream(above5, false);
  const int32_t nested = d.nextFunction();
  d.add("filter count(x > 5 within 2000s) >= x - 5",
        {I(Op::LoadConst, 1, 0, d.k(2'000'000)), I(Op::FilterCountWithin, 0, streamAbove5, 1), I(Op::LoadEventField, 1, 0),
         I(Op::LoadConst, 2, 0, d.k(5)), I(Op::SubI, 1, 1, 2), I(Op::GeI, 0, 0, 1), I(Op::Ret, 0, 1)},
        3);
  const int32_t nestedFailing = d.nextFunction();
  d.add("filter last(100 / x >= 10) present",
        {I(Op::FilterLast, 1, streamDivides), I(Op::EqIOpt, 0, 1, 1), I(Op::Ret, 0, 1)}, 2);
  const uint16_t streamNested = d.addLazyStream(nested);
  const uint16_t streamNestedFailing = d.addLazyStream(nestedFailing);

  const int64_t windows[] = {0, 1, 500'000, 1'000'000, 2'000'000, 4'500'000, 9'000'000, kMax, kMin, -1};
  for (int64_t now : {10'000'000L, 9'500'000L, 0L, kMin, kMax}) {
    const std::string at = " now " + std::to_string(now);
    for (uint16_t stream : {streamAbove5, streamDivides, streamTraits, streamEmpty, streamNested, streamNestedFailing}) {
      const std::string on = " stream " + std::to_string(stream) + at;
      d.add("filter.count" + on, {I(Op::FilterCount, 0, stream), I(Op::Ret, 0, 1)}, 1, {Kind::Int}, now);
      d.add("filter.first" + on, {I(Op::FilterFirst, 0, stream), I(Op::Ret, 0, 1)}, 1, {Kind::Int}, now);
      d.add("filter.last" + on, {I(Op::FilterLast, 0, stream), I(Op::Ret, 0, 1)}, 1, {Kind::Int}, now);
      for (int64_t window : windows)
        d.add("filter.count.within " + std::to_string(window) + on,
              {I(Op::LoadConst, 1, 0, d.k(window)), I(Op::FilterCountWithin, 0, stream, 1), I(Op::Ret, 0, 1)}, 2,
              {Kind::Int}, now);
    }
    // A query among other registers, its result then used: the nested call must leave the
    // caller's registers alone.
    d.add("filter.count + registers" + at,
          {I(Op::LoadInt, 1, 0, 40), I(Op::LoadInt, 2, 0, 2), I(Op::FilterCount, 3, streamNested), I(Op::AddI, 0, 1, 2),
           I(Op::AddI, 0, 0, 3), I(Op::Ret, 0, 1)},
          4, {Kind::Int}, now);
  }
  EXPECT_EQ(d.check(), 0);  // no event logged: no filter runs
  for (uint16_t s : {streamAbove5, streamDivides, streamTraits, streamNested, streamNestedFailing}) {
    d.logEvent(s, 1'000'000, 3, "a");
    d.logEvent(s, 5'000'000, 9, nullptr);
    d.logEvent(s, 8'000'000, 0, "dflt");
    d.logEvent(s, 9'500'000, 6, "dflt");
  }
  const int withTraitUnset = d.check();
  EXPECT_GT(withTraitUnset, 0);  // 100 / 0 and the unset trait, in the windows that reach them
  // Filters that were not compiled run on the runner's VM, called from compiled queries
  // (and, for the nested ones, calling back into the VM's own nesting).
  EXPECT_EQ(d.check({above5, divides, traits}), withTraitUnset);
  EXPECT_EQ(d.check({nested, nestedFailing}), withTraitUnset);
  d.setTrait(0, 7);
  const int withTraitSet = d.check();
  EXPECT_GT(withTraitSet, 0);
  EXPECT_LT(withTraitSet, withTraitUnset);
  EXPECT_EQ(d.check({traits, nestedFailing}), withTraitSet);
}

// Must stay last in this file: every opcode of opcodes.def has a case above.
TEST(JitOpcodesZ, EveryOpcodeIsTested) {
  for (size_t i = 0; i < static_cast<size_t>(Op::kCount); ++i)
    EXPECT_TRUE(covered().count(static_cast<Op>(i))) << "no JIT test uses " << bc::opInfo(static_cast<Op>(i)).mnemonic;
}

}  // namespace
}  // namespace onb::jittest
