#include "cli/testing/test_runner.hpp"

#include <chrono>

#include <fmt/format.h>

#include "cli/testing/record_capture.hpp"
#include "cli/testing/test_lexer.hpp"
#include "runtime/engine/engine.hpp"
#include "runtime/io/event_decoder.hpp"

namespace onb::journeytest {

namespace {

// Keeps the first input line the engine rejects (a test's lines should all be accepted).
class FirstReject final : public engine::RejectSink {
 public:
  void reject(uint64_t, io::RejectClass, std::string_view reason) override {
    if (!rejected) rejected = std::string(reason);
  }
  std::optional<std::string> rejected;
};

std::string forUser(const Pattern& p) { return fmt::format("{} (user {})", p.source, p.user); }

std::string differences(const std::vector<FieldMismatch>& diff) {
  std::string out;
  for (const FieldMismatch& m : diff) out += fmt::format("{}{}: expected {}, got {}", out.empty() ? "" : "; ", m.field, m.expected, m.actual);
  return out;
}

class Runner {
 public:
  Runner(const TestPlan& plan, const bc::Program& program, TestResult& result)
      : plan_(plan), result_(result), capture_(program),
        engine_(program, options(), capture_, &rejects_), decoder_(program.schema) {}

  void run() {
    clock_ = plan_.start;
    bool inGroup = false;
    for (const PlanItem& item : plan_.items) {
      if (!item.isCheck) {
        inGroup = false;
        if (!step(item.step)) break;
        continue;
      }
      if (!inGroup) {
        openGroup();
        inGroup = true;
      }
      if (!check(item.check)) break;
    }
    syncMarks();
    if (!failure_) unexpectedErrors();
    syncMarks();
    result_.records = capture_.records();
    result_.failure = std::move(failure_);
    result_.passed = !result_.failure;
  }

 private:
  static engine::EngineOptions options() {
    engine::EngineOptions o;
    o.explain = true;  // skip records: `expect skipped` and coverage
    return o;
  }
  const std::vector<ActualRecord>& records() const { return capture_.records(); }
  void syncMarks() { result_.marks.resize(records().size(), Mark::None); }

  bool step(const Step& s) {
    clock_ = s.t;
    if (s.kind == Step::Kind::Advance) {
      engine_.advanceTo(s.t);
      return true;
    }
    decoder_.decode(s.json, 0, event_);
    engine_.push(event_);
    if (!rejects_.rejected && event_.cls != io::LineClass::Ignored) return true;
    Failure f;
    f.kind = Failure::Kind::Rejected;
    f.span = s.span;
    f.summary = fmt::format("the engine rejected this step's input: {}", rejects_.rejected ? *rejects_.rejected : event_.reason);
    f.notes.push_back("input line: " + s.json);
    failure_ = std::move(f);
    return false;
  }

  // A new group of checks: fire what is due at the clock, then look at the records written
  // since the previous group.
  void openGroup() {
    engine_.advanceTo(clock_);
    segmentBegin_ = segmentEnd_;
    segmentEnd_ = records().size();
    cursor_ = segmentBegin_;
    lastMatch_.reset();
    syncMarks();
  }

  Failure failure(Failure::Kind kind, Span span, std::string summary) const {
    Failure f;
    f.kind = kind;
    f.span = span;
    f.summary = std::move(summary);
    f.segmentBegin = segmentBegin_;
    f.segmentEnd = segmentEnd_;
    return f;
  }

  bool check(const Check& c) {
    switch (c.kind) {
      case Check::Kind::Expect: return expect(c.patterns[0]);
      case Check::Kind::ExpectNo: return expectNo(c.patterns[0]);
      case Check::Kind::Exactly: return exactly(c);
    }
    return false;
  }

  bool expect(const Pattern& p) {
    for (size_t i = cursor_; i < segmentEnd_; ++i) {
      if (!matches(p, records()[i])) continue;
      result_.marks[i] = Mark::Matched;
      cursor_ = i + 1;
      lastMatch_ = i;
      return true;
    }
    Failure f = failure(Failure::Kind::Missing, p.span, "expected " + forUser(p) + ": no record matches");
    // The closest record of the same kind after the cursor: fewest differing fields, the
    // other user's records last.
    std::optional<size_t> best;
    size_t bestCost = 0;
    for (size_t i = cursor_; i < segmentEnd_; ++i) {
      const ActualRecord& r = records()[i];
      if (!sameKind(p.head, r.kind)) continue;
      size_t cost = compareRecord(p, r, plan_.start).size() + (r.user == p.user ? 0 : 100);
      if (!best || cost < bestCost) best = i, bestCost = cost;
    }
    if (best) {
      f.record = best;
      f.notes.push_back(fmt::format("closest record #{}: {}", *best + 1, differences(compareRecord(p, records()[*best], plan_.start))));
    }
    for (size_t i = 0; i < cursor_; ++i) {
      if (!matches(p, records()[i])) continue;
      if (i >= segmentBegin_ && lastMatch_ && i == *lastMatch_)
        f.notes.push_back(fmt::format("record #{} matches, but the previous expectation already took it: each expectation "
                                      "matches a record of its own, in order", i + 1));
      else if (i >= segmentBegin_)
        f.notes.push_back(fmt::format("record #{} matches, but it comes before #{}, matched by the previous expectation: "
                                      "expectations match records in order", i + 1, *lastMatch_ + 1));
      else
        f.notes.push_back(fmt::format("record #{} matches, but it was written before the previous group of expectations: "
                                      "an expectation sees only the records of the steps since the previous one", i + 1));
      if (!f.record) f.record = i;
      break;
    }
    if (segmentBegin_ == segmentEnd_) f.notes.push_back("the steps since the previous expectations wrote no records");
    failure_ = std::move(f);
    return false;
  }

  bool expectNo(const Pattern& p) {
    for (size_t i = segmentBegin_; i < segmentEnd_; ++i) {
      if (!matches(p, records()[i])) continue;
      Failure f = failure(Failure::Kind::Forbidden, p.span, fmt::format("expected no {}: record #{} matches", forUser(p), i + 1));
      f.record = i;
      failure_ = std::move(f);
      return false;
    }
    return true;
  }

  bool exactly(const Check& c) {
    std::vector<size_t> mine;
    for (size_t i = segmentBegin_; i < segmentEnd_; ++i) {
      const ActualRecord& r = records()[i];
      if (r.user == c.user && r.kind != engine::RecordKind::Skip) mine.push_back(i);
    }
    const std::string who = fmt::format("expect exactly (user {})", c.user);
    for (size_t k = 0; k < c.patterns.size() || k < mine.size(); ++k) {
      if (k >= mine.size()) {
        const Pattern& p = c.patterns[k];
        failure_ = failure(Failure::Kind::ExactMissing, p.span,
                           fmt::format("{}: expected {} as record {} of {}, but the user has only {}", who, p.source, k + 1, c.user,
                                       mine.size()));
        return false;
      }
      const size_t i = mine[k];
      if (k >= c.patterns.size()) {
        Failure f = failure(Failure::Kind::ExactExtra, c.span,
                            fmt::format("{}: record #{} is not expected ({} records expected, the user has {})", who, i + 1,
                                        c.patterns.size(), mine.size()));
        f.record = i;
        failure_ = std::move(f);
        return false;
      }
      const Pattern& p = c.patterns[k];
      std::vector<FieldMismatch> diff = compareRecord(p, records()[i], plan_.start);
      if (!diff.empty()) {
        Failure f = failure(Failure::Kind::ExactMismatch, p.span, fmt::format("{}: record #{} does not match {}", who, i + 1, p.source));
        f.notes.push_back(differences(diff));
        f.record = i;
        failure_ = std::move(f);
        return false;
      }
      result_.marks[i] = Mark::Matched;
    }
    return true;
  }

  // Runtime errors are bugs of a journey: every `error` record must be expected.
  void unexpectedErrors() {
    for (size_t i = 0; i < records().size(); ++i) {
      const ActualRecord& r = records()[i];
      if (r.kind != engine::RecordKind::Error || result_.marks[i] == Mark::Matched) continue;
      Failure f;
      f.kind = Failure::Kind::UnexpectedError;
      f.span = plan_.span;
      f.summary = fmt::format("record #{} is a runtime error that no expectation names (rule {}.{}: {})", i + 1, r.journey,
                              r.rule, r.message);
      f.notes.push_back("expect it with `expect error rule " + r.journey + "." + r.rule + "` if it is intended");
      f.record = i;
      f.segmentBegin = 0;
      f.segmentEnd = records().size();
      failure_ = std::move(f);
      return;
    }
  }

  const TestPlan& plan_;
  TestResult& result_;
  RecordCapture capture_;
  FirstReject rejects_;
  engine::Engine engine_;
  io::EventDecoder decoder_;
  io::DecodedEvent event_;
  int64_t clock_ = 0;
  size_t segmentBegin_ = 0;
  size_t segmentEnd_ = 0;
  size_t cursor_ = 0;
  std::optional<size_t> lastMatch_;
  std::optional<Failure> failure_;
};

}  // namespace

TestResult runTest(const TestPlan& plan, const bc::Program& program) {
  const auto began = std::chrono::steady_clock::now();
  TestResult result;
  result.name = plan.name;
  result.span = plan.span;
  result.start = plan.start;
  Runner(plan, program, result).run();
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
  return result;
}

}  // namespace onb::journeytest
