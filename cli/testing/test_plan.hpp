// A test resolved against its program: the steps to feed the engine (input lines at
// absolute times, clock advances) and the checks to make, in order. Resolving checks every
// name (events, properties, traits, journeys, rules, channels, queues, templates) against
// the program and that time never goes backwards, so a plan only fails by its records.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cli/testing/record_pattern.hpp"
#include "cli/testing/test_diagnostic.hpp"
#include "cli/testing/test_file.hpp"
#include "runtime/bytecode/program.hpp"

namespace onb::journeytest {

// The start of a test that names no time at all: a Monday, 09:00 UTC (outside the usual
// quiet hours).
inline constexpr int64_t kDefaultStart = 1736154000000LL;  // 2025-01-06T09:00:00Z
// The user of a test that names none.
inline constexpr const char* kDefaultUser = "u1";

struct Step {
  enum class Kind : uint8_t {
    Event,    // push `json` (a Segment identify or track line) at time t
    Advance,  // advance the clock to t, firing due timers
  };
  Kind kind = Kind::Event;
  int64_t t = 0;
  std::string user;
  std::string json;
  Span span;
};

struct Check {
  enum class Kind : uint8_t {
    Expect,    // the pattern matches a record, after the previous Expect's match
    ExpectNo,  // no record matches the pattern
    Exactly,   // the user's records are exactly the patterns, in order
  };
  Kind kind = Kind::Expect;
  std::string user;  // Exactly: whose records
  std::vector<Pattern> patterns;
  Span span;
};

struct PlanItem {
  bool isCheck = false;
  Step step;    // when !isCheck
  Check check;  // when isCheck
};

struct TestPlan {
  std::string name;
  Span span;
  int64_t start = kDefaultStart;
  std::vector<PlanItem> items;
};

// Resolves every test of `file` (parsed from `source`) against `program`. A test with an
// error is reported to `diagnostics` and left out of the result.
std::vector<TestPlan> resolveTests(const TestFile& file, const SourceFile& source, const bc::Program& program,
                                   TestDiagnostics& diagnostics);

}  // namespace onb::journeytest
