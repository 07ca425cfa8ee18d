// Differential testing of the JIT against the VM: hand-assembled functions, collected
// into one program (so LLVM compiles them all at once), run on both with the same user
// block, event and time; the outcomes must be identical (success, error message, every
// result's payload, length and missing flag).
#pragma once

#include <algorithm>
#include <bit>
#include <cstring>
#include <deque>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "runtime/engine/user_state.hpp"
#include "runtime/jit/jit_runner.hpp"
#include "runtime/vm/vm.hpp"

namespace onb::jittest {

using bc::Insn;
using bc::Op;

inline constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
inline constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

// Every opcode a test has assembled (the last test checks that none is left out).
inline std::set<Op>& covered() {
  static std::set<Op> ops;
  return ops;
}

inline Insn I(Op op, uint16_t a = 0, uint16_t b = 0, int32_t c = 0) {
  covered().insert(op);
  Insn x{};
  x.op = op;
  x.a = a;
  x.b = b;
  x.c = c;
  return x;
}

// How a result is compared: integers and floats by their bits, strings by their bytes.
enum class Kind { Int, Float, String };

// A program with: traits `n: int` (stored, no default), `s: string = "dflt"`, `o: int?`,
// `f: float = 0.5`; one event (x: int, name: string?); history slots over that event:
// count, first, last, a ring of k=2 within 1h, a log; a filtered stream's error counter.
class Diff {
 public:
  Diff() {
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
    bc::TraitSpec f;
    f.name = "f";
    f.type = ValueType::Float;
    f.hasDefault = true;
    f.defaultValue = Value::ofFloat(0.5);
    p.schema.traits = {n, s, o, f};
    p.layout.traitOffset = {0, 16, 32, 120};
    p.streams.push_back({0, bc::kNoFn, bc::kNone, {0, 1, 2, 3, 4}});
    p.historySlots = {{bc::HistKind::Count, 0, 48, 0, 0},
                      {bc::HistKind::First, 0, 56, 0, 0},
                      {bc::HistKind::Last, 0, 64, 0, 0},
                      {bc::HistKind::Ring, 0, 72, 2, 3'600'000},
                      {bc::HistKind::Log, 0, 96, 0, 0}};
    p.layout.size = 136;
    block.assign(p.layout.size, 0);
    std::memcpy(block.data() + 56, &engine::kNoTime, 8);
    std::memcpy(block.data() + 64, &engine::kNoTime, 8);
    engine::TimeLog* lp = &log;
    std::memcpy(block.data() + 96, &lp, sizeof lp);
    event = {Value::ofInt(7), Value::none()};
  }
  ~Diff() { log.clear(); }

  // Constants; each returns its index.
  int32_t k(int64_t v) { return add({ValueType::Int, v, 0, 0, 0}); }
  int32_t kf(double v) { return add({ValueType::Float, 0, v, 0, 0}); }
  int32_t ks(const std::string& v) {
    const uint32_t at = static_cast<uint32_t>(p.stringPool.size());
    p.stringPool += v;
    return add({ValueType::String, 0, 0, at, static_cast<uint32_t>(v.size())});
  }

  // Adds a function of `code` (results in r0..) as one case.
  void add(std::string name, std::vector<Insn> code, uint16_t regs, std::vector<Kind> kinds = {Kind::Int},
           int64_t now = 10'000'000) {
    bc::Function fn;
    fn.codeBegin = static_cast<uint32_t>(p.code.size());
    fn.codeEnd = fn.codeBegin + static_cast<uint32_t>(code.size());
    fn.registerCount = regs;
    fn.resultCount = static_cast<uint16_t>(kinds.size());
    fn.event = 0;
    p.code.insert(p.code.end(), code.begin(), code.end());
    p.lines.resize(p.code.size(), 1);
    p.functions.push_back(fn);
    if (regs > p.maxRegisters) p.maxRegisters = regs;
    cases_.push_back({std::move(name), std::move(kinds), now});
  }

  // Helpers for state.
  void setTrait(uint32_t offset, int64_t v) {
    auto* cell = reinterpret_cast<engine::TraitCell*>(block.data() + offset);
    cell->i = v;
    cell->set = 1;
  }
  void setStringTrait(uint32_t offset, const char* s) {
    auto* cell = reinterpret_cast<engine::TraitCell*>(block.data() + offset);
    cell->s = const_cast<char*>(s);
    cell->len = static_cast<uint32_t>(std::strlen(s));
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

  // The index the next add() gives its function (a filter's, before the stream using it).
  int32_t nextFunction() const { return static_cast<int32_t>(p.functions.size()); }

  // A stream of event `e` filtered when a query runs (HistoryStream::lazy), whose filter is
  // function `filterFn`. The user's block gets a pointer to an event log of its own, or
  // null when `withLog` is false (no event seen yet). Returns the stream's index.
  uint16_t addLazyStream(int32_t filterFn, bool withLog = true) {
    bc::HistoryStream s;
    s.event = 0;
    s.filterFn = filterFn;
    s.lazy = true;
    s.logOffset = p.layout.size;
    p.layout.size += 8;
    block.resize(p.layout.size, 0);
    engine::EventLog* lp = withLog ? &eventLogs.emplace_back() : nullptr;
    std::memcpy(block.data() + s.logOffset, &lp, sizeof lp);
    p.streams.push_back(s);
    return static_cast<uint16_t>(p.streams.size() - 1);
  }
  // Appends an event (x, name) at `t` to the log of lazy stream `stream`.
  void logEvent(uint16_t stream, int64_t t, int64_t x, const char* name) {
    engine::EventLog* lp;
    std::memcpy(&lp, block.data() + p.streams[stream].logOffset, sizeof lp);
    const Value props[] = {Value::ofInt(x), name ? Value::ofString(name) : Value::none()};
    lp->push(t, props, 2);
  }

  // Runs every case on the VM and the JIT; returns how many failed with an error (on
  // both). Expects every function but those of `onVm` (left to the JIT's fallback VM) to
  // be compiled, and identical outcomes.
  int check(const std::vector<int32_t>& onVm = {}) {
    vm::Vm vm(p);
    jit::JitRunner jit(p, onVm);
    EXPECT_TRUE(jit.stats().error.empty()) << jit.stats().error;
    EXPECT_EQ(jit.stats().compiled, p.functions.size() - onVm.size());
    int errors = 0;
    for (size_t i = 0; i < cases_.size(); ++i) {
      const Case& c = cases_[i];
      const bool native = std::find(onVm.begin(), onVm.end(), static_cast<int32_t>(i)) == onVm.end();
      EXPECT_EQ(jit.isCompiled(static_cast<int32_t>(i)), native) << c.name;
      vm::Frame frame{block.data(), event.data(), c.now, 1000, "user-1"};
      vm.resetScratch();
      jit.resetScratch();
      const bool vmOk = vm.run(static_cast<int32_t>(i), frame);
      const bool jitOk = jit.run(static_cast<int32_t>(i), frame);
      EXPECT_EQ(vmOk, jitOk) << c.name << ": " << (vmOk ? jit.error() : vm.error());
      if (vmOk != jitOk) continue;
      if (!vmOk) {
        ++errors;
        EXPECT_STREQ(vm.error(), jit.error()) << c.name;
        continue;
      }
      for (size_t r = 0; r < c.kinds.size(); ++r) {
        const Value& a = vm.results()[r];
        const Value& b = jit.results()[r];
        EXPECT_EQ(a.missing, b.missing) << c.name << " result " << r;
        if (a.missing) continue;  // a missing value's payload is not part of its meaning
        EXPECT_EQ(a.len, b.len) << c.name << " result " << r;
        if (c.kinds[r] == Kind::String) {
          EXPECT_EQ(a.str(), b.str()) << c.name << " result " << r;
        } else {
          EXPECT_EQ(a.i, b.i) << c.name << " result " << r << (c.kinds[r] == Kind::Float ? " (float bits)" : "");
        }
      }
    }
    return errors;
  }

  bc::Program p;
  std::vector<uint8_t> block;
  std::vector<Value> event;
  engine::TimeLog log;
  std::deque<engine::EventLog> eventLogs;  // of the lazy streams

 private:
  struct Case {
    std::string name;
    std::vector<Kind> kinds;
    int64_t now;
  };
  int32_t add(bc::Constant c) {
    p.constants.push_back(c);
    return static_cast<int32_t>(p.constants.size() - 1);
  }
  std::vector<Case> cases_;
};

}  // namespace onb::jittest
