// What `onb test` prints: per-test results as text (for people), JSON (for tools) or JUnit
// XML (for CI systems), and the coverage table. Errors in test files are rendered
// separately (renderTestDiagnostics) to stderr; JSON and JUnit also carry them.
#pragma once

#include <string>

#include "cli/testing/test_suite.hpp"

namespace onb::journeytest {

struct ReportOptions {
  bool verbose = false;   // the records of passing tests too
  bool coverage = false;  // the coverage table (text) or object (JSON)
};

// `PASS  file:line  name` / `FAIL ...` with the failure and the test's records, then a
// summary line (and the coverage table).
std::string textReport(const SuiteResult& suite, const ReportOptions& options);

// One JSON object (docs/testing.md, "JSON output").
std::string jsonReport(const SuiteResult& suite, const ReportOptions& options);

// JUnit XML: <testsuites> with one <testsuite> per test file and one <testcase> per test,
// <failure> for a failing test, <error> for a test that could not run.
std::string junitReport(const SuiteResult& suite);

// The text of one failure with the test's records (shared by the three formats).
std::string failureText(const SuiteResult& suite, const TestResult& test);
// The listing of a test's records, one per line, marked as in the failure text.
std::string recordListing(const TestResult& test);
// The coverage table.
std::string coverageText(const Coverage& coverage);

}  // namespace onb::journeytest
