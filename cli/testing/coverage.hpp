// Rule coverage over a test run (`onb test --coverage`): for every rule of the tested
// programs, how many tests delivered its action, had it suppressed (any reason), deferred
// it, stopped it at an `if`/`unless` (a skip record) or hit a runtime error in it. A rule
// reached from several test files (the same journey imported by each) is one entry.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "cli/testing/record_pattern.hpp"
#include "compiler/driver/compilation.hpp"

namespace onb::journeytest {

struct RuleCoverage {
  std::string journey;
  std::string rule;
  std::string file;  // where the rule is declared: relative to the working directory when below it
  uint32_t line = 0;
  // Number of tests in which the rule...
  uint32_t fired = 0;       // delivered its action (send, handoff, emit)
  uint32_t suppressed = 0;  // was suppressed (holdout, consent, limit or cap)
  uint32_t deferred = 0;    // was deferred by quiet hours
  uint32_t skipped = 0;     // was stopped by an `if` or `unless`
  uint32_t errors = 0;      // failed with a runtime error
};

class Coverage {
 public:
  // Registers the rules of a compiled program; returns its handle for addTest.
  size_t addProgram(const Compilation& compilation);
  // Counts the records of one test run on that program.
  void addTest(size_t program, const std::vector<ActualRecord>& records);

  // Every rule, in the order the programs declared them.
  const std::vector<RuleCoverage>& rules() const { return rules_; }
  size_t neverFired() const;

 private:
  std::vector<RuleCoverage> rules_;
  std::map<std::string, size_t> byKey_;                  // file\0journey\0rule -> rules_ index
  std::vector<std::map<std::string, size_t>> programs_;  // per program: journey\0rule -> rules_ index
};

}  // namespace onb::journeytest
