// Runs one resolved test on a fresh engine with a pseudo clock: time moves only through the
// test's steps. Checks are made against the records the engine wrote (docs/testing.md,
// "Matching"):
//   - a group of consecutive `expect` statements looks at the records written since the
//     previous group (first firing the timers due at the current clock);
//   - `expect P` matches the first record after the one the previous `expect P'` of the
//     group matched (subset, in order); `expect no P` fails on any matching record;
//     `expect exactly` compares the user's records one to one;
//   - an `error` record that no expectation matched fails the test, as does an input line
//     the engine rejects.
// The test stops at its first failure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cli/testing/record_pattern.hpp"
#include "cli/testing/test_plan.hpp"
#include "runtime/bytecode/program.hpp"

namespace onb::journeytest {

// How a record took part in the failing check (for the failure listing).
enum class Mark : uint8_t {
  None,
  Matched,     // matched by an expectation of the failing group
  Mismatch,    // the record the failure is about: closest candidate, forbidden, extra or unexpected
};

struct Failure {
  enum class Kind : uint8_t {
    Missing,          // `expect P`: no record matched
    Forbidden,        // `expect no P`: a record matched
    ExactMismatch,    // `expect exactly`: record k differs from pattern k
    ExactMissing,     // `expect exactly`: fewer records than patterns
    ExactExtra,       // `expect exactly`: more records than patterns
    Rejected,         // the engine rejected an input line of the test
    UnexpectedError,  // an error record no expectation matched
  };
  Kind kind = Kind::Missing;
  Span span;                       // the pattern or step it is about
  std::string summary;             // one line
  std::vector<std::string> notes;  // field differences and hints, one per line
  std::optional<size_t> record;    // the record it is about (index into TestResult::records)
  size_t segmentBegin = 0;         // records [segmentBegin, segmentEnd) were checked
  size_t segmentEnd = 0;
};

struct TestResult {
  std::string name;
  Span span;
  int64_t start = 0;
  bool passed = false;
  std::vector<ActualRecord> records;  // every record written (skip records included)
  std::vector<Mark> marks;            // parallel to records
  std::optional<Failure> failure;
  double seconds = 0;
};

TestResult runTest(const TestPlan& plan, const bc::Program& program);

}  // namespace onb::journeytest
