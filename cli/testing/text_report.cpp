// The text formats of `onb test`: results, failures with the test's records, coverage.
#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "cli/testing/test_lexer.hpp"
#include "cli/testing/test_report.hpp"
#include "stdlib/civil_time.hpp"

namespace onb::journeytest {

namespace {

std::string testLocation(const SuiteResult& suite, const FileResult& file, Span span) {
  std::string at = locationText(*suite.sources, span);
  if (at.empty()) return file.path;
  // file:line (the column of a `test` keyword says nothing).
  return at.substr(0, at.rfind(':'));
}

std::string indent(const std::string& text, std::string_view prefix) {
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    out += std::string(prefix) + text.substr(start, nl - start) + "\n";
    start = nl + 1;
  }
  return out;
}

}  // namespace

std::string recordListing(const TestResult& test) {
  std::set<std::string> users;
  for (const ActualRecord& r : test.records) users.insert(r.user);
  size_t userWidth = 0;
  for (const std::string& u : users) userWidth = std::max(userWidth, u.size());
  size_t offsetWidth = 0;
  for (const ActualRecord& r : test.records) offsetWidth = std::max(offsetWidth, formatOffset(r.t - test.start).size());
  std::string out;
  for (size_t i = 0; i < test.records.size(); ++i) {
    const ActualRecord& r = test.records[i];
    const Mark mark = i < test.marks.size() ? test.marks[i] : Mark::None;
    const char* m = mark == Mark::Matched ? "= " : mark == Mark::Mismatch ? "> " : "  ";
    out += fmt::format("{}#{:<3} {:<{}} {}  ", m, i + 1, formatOffset(r.t - test.start), offsetWidth, civil::formatIso(r.t));
    if (users.size() > 1) out += fmt::format("{:<{}}  ", r.user, userWidth);
    out += describeRecord(r, test.start) + "\n";
  }
  if (test.records.empty()) out += "  (no records)\n";
  return out;
}

std::string failureText(const SuiteResult& suite, const TestResult& test) {
  if (!test.failure) return "";
  const Failure& f = *test.failure;
  std::string out;
  const std::string at = locationText(*suite.sources, f.span);
  out += (at.empty() ? "" : at + ": ") + f.summary + "\n";
  for (const std::string& note : f.notes) out += "  " + note + "\n";
  // Mark the record the failure is about on a copy of the listing's marks.
  TestResult marked = test;
  if (f.record && *f.record < marked.marks.size()) marked.marks[*f.record] = Mark::Mismatch;
  out += "records of this test";
  if (f.kind != Failure::Kind::Rejected && f.kind != Failure::Kind::UnexpectedError) {
    if (f.segmentBegin == f.segmentEnd) out += " (the failing check saw none: no records since the previous check)";
    else out += fmt::format(" (the failing check saw #{}-#{}", f.segmentBegin + 1, f.segmentEnd);
    if (f.segmentBegin != f.segmentEnd) out += "; = matched, > the record in question)";
  } else if (f.record) {
    out += " (> the record in question)";
  }
  out += ":\n" + recordListing(marked);
  return out;
}

std::string coverageText(const Coverage& coverage) {
  const auto& rules = coverage.rules();
  std::string out = fmt::format("coverage: {} rules, {} fired by some test, {} never fired\n", rules.size(),
                                rules.size() - coverage.neverFired(), coverage.neverFired());
  if (rules.empty()) return out;
  size_t nameWidth = 4;
  for (const RuleCoverage& r : rules) nameWidth = std::max(nameWidth, r.journey.size() + 1 + r.rule.size());
  out += fmt::format("  {:<{}}  {:>5}  {:>10}  {:>8}  {:>7}  {:>6}  {}\n", "rule", nameWidth, "fired", "suppressed", "deferred",
                     "skipped", "errors", "declared at");
  for (const RuleCoverage& r : rules)
    out += fmt::format("  {:<{}}  {:>5}  {:>10}  {:>8}  {:>7}  {:>6}  {}:{}\n", r.journey + "." + r.rule, nameWidth, r.fired,
                       r.suppressed, r.deferred, r.skipped, r.errors, r.file, r.line);
  if (coverage.neverFired() > 0) {
    out += "never fired by any test:\n";
    for (const RuleCoverage& r : rules)
      if (r.fired == 0) out += fmt::format("  {}.{}  ({}:{})\n", r.journey, r.rule, r.file, r.line);
  }
  return out;
}

std::string textReport(const SuiteResult& suite, const ReportOptions& options) {
  std::string out;
  for (const FileResult& file : suite.files) {
    for (size_t i = 0; i < file.testNames.size(); ++i)
      out += fmt::format("ERROR {}  {}: the imported program has errors (see above)\n",
                         testLocation(suite, file, file.testSpans[i]), file.testNames[i]);
    for (const TestResult& t : file.tests) {
      out += fmt::format("{}  {}  {}\n", t.passed ? "PASS" : "FAIL", testLocation(suite, file, t.span), t.name);
      if (!t.passed) out += indent(failureText(suite, t), "      ");
      else if (options.verbose) out += indent(recordListing(t), "      ");
    }
  }
  const size_t total = suite.passed() + suite.failed();
  out += fmt::format("{} test{}: {} passed, {} failed", total, total == 1 ? "" : "s", suite.passed(), suite.failed());
  if (suite.programErrors() > 0) out += fmt::format(", {} could not run (program errors)", suite.programErrors());
  if (!suite.diagnostics.empty())
    out += fmt::format("; {} error{} in test files", suite.diagnostics.size(), suite.diagnostics.size() == 1 ? "" : "s");
  out += "\n";
  if (options.coverage) out += coverageText(suite.coverage);
  return out;
}

}  // namespace onb::journeytest
