// The outputs of `onb test`: text, JSON (checked with python3's json) and JUnit XML
// (checked with python3's xml.etree, as CI systems parse it), and coverage accounting.
#include <cstdio>
#include <cstdlib>

#include <gtest/gtest.h>

#include "testing_support.hpp"

namespace onb::journeytest::unit {
namespace {

const char* const kMixed = R"(import "journey.onb"

test "welcome <works> & \"passes\"" {
  user ada { email_consent: true }
  track signed_up
  expect send email "welcome"
}

test "nudge fails" {
  user ada { email_consent: true }
  track signed_up
  advance +1d
  expect send email "nudge" at +2d
}

test "stuck is handed off" {
  user bob
  track signed_up
  at +1h track step_failed { step: "a", code: 1 }
  at +2h track step_failed { step: "a", code: 1 }
  at +3h track step_failed { step: "a", code: 1 }
  expect handoff csm
}
)";

// Runs a python3 snippet with the file at `path` as sys.argv[1]; its exit status.
int python(const std::string& code, const std::string& path) {
  TempDir dir;
  const std::string script = dir.write("check.py", code);
  return std::system(("python3 " + script + " " + path + " >&2").c_str());
}

TEST(Report, TextHasPassAndFailLinesAndASummary) {
  auto run = runTests(kMixed);
  const std::string text = textReport(run->result, {});
  EXPECT_NE(text.find("PASS  " + run->testPath + ":3  welcome <works> & \"passes\"\n"), std::string::npos) << text;
  EXPECT_NE(text.find("FAIL  " + run->testPath + ":9  nudge fails\n"), std::string::npos) << text;
  EXPECT_NE(text.find("3 tests: 2 passed, 1 failed\n"), std::string::npos) << text;
  EXPECT_EQ(run->result.exitStatus(), 1);
}

TEST(Report, JunitIsValidXmlWithCounts) {
  auto run = runTests(kMixed);
  TempDir out;
  const std::string path = out.write("junit.xml", junitReport(run->result));
  const int status = python(R"(import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == "testsuites", root.tag
assert root.get("tests") == "3" and root.get("failures") == "1" and root.get("errors") == "0", root.attrib
suites = root.findall("testsuite")
assert len(suites) == 1
cases = suites[0].findall("testcase")
assert [c.get("name") for c in cases] == ['welcome <works> & "passes"', "nudge fails", "stuck is handed off"], cases
failure = cases[1].find("failure")
assert failure is not None and "no record matches" in failure.get("message"), failure
assert "records of this test" in failure.text
assert cases[0].find("failure") is None
assert cases[1].get("line") == "9" and cases[1].get("file").endswith("journey.onbt")
)",
                                path);
  EXPECT_EQ(status, 0);
}

TEST(Report, JunitCarriesTestFileErrors) {
  auto run = runTests("import \"journey.onb\"\ntest \"x\" {\n  track nope\n  expect enter\n}\n");
  TempDir out;
  const std::string path = out.write("junit.xml", junitReport(run->result));
  const int status = python(R"(import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.get("errors") == "1", root.attrib
error = root.find("testsuite/testcase/error")
assert error is not None and "no event `nope`" in error.get("message")
)",
                            path);
  EXPECT_EQ(status, 0);
}

TEST(Report, JsonIsValidWithRecordsOfFailingTests) {
  auto run = runTests(kMixed);
  TempDir out;
  const std::string path = out.write("report.json", jsonReport(run->result, ReportOptions{false, true}));
  const int status = python(R"(import sys, json
report = json.load(open(sys.argv[1]))
assert report["summary"] == {"tests": 3, "passed": 2, "failed": 1, "not_run": 0}, report["summary"]
tests = report["tests"]
assert [t["status"] for t in tests] == ["pass", "fail", "pass"]
fail = tests[1]
assert fail["failure"]["kind"] == "missing" and fail["failure"]["line"] == 13, fail["failure"]
assert fail["records"][0]["kind"] == "enter" and "id" in fail["records"][1]
assert "records" not in tests[0]
rules = {r["rule"]: r for r in report["coverage"]["rules"]}
assert rules["welcome"]["fired"] == 2 and rules["welcome"]["suppressed"] == 1, rules["welcome"]
assert "activation.ratio" in report["coverage"]["never_fired"]
)",
                            path);
  EXPECT_EQ(status, 0);
}

TEST(Coverage, CountsTestsPerRuleAndColumn) {
  auto run = runTests(kMixed);
  const auto& rules = run->result.coverage.rules();
  auto find = [&](const std::string& name) -> const RuleCoverage& {
    for (const RuleCoverage& r : rules)
      if (r.rule == name) return r;
    ADD_FAILURE() << "no rule " << name;
    return rules.front();
  };
  ASSERT_EQ(rules.size(), 5u);
  // welcome: delivered to ada in two tests; suppressed (consent) for bob in the third.
  EXPECT_EQ(find("welcome").fired, 2u);
  EXPECT_EQ(find("welcome").suppressed, 1u);
  EXPECT_EQ(find("banner").fired, 3u);
  // nudge: fired once (its one test reached +1d), skipped never.
  EXPECT_EQ(find("nudge").fired, 1u);
  // stuck: skipped twice and handed off in one test: one test in each column.
  EXPECT_EQ(find("stuck").fired, 1u);
  EXPECT_EQ(find("stuck").skipped, 1u);
  EXPECT_EQ(find("ratio").fired, 0u);
  EXPECT_EQ(run->result.coverage.neverFired(), 1u);
  EXPECT_TRUE(find("welcome").file.ends_with("journey.onb"));
  EXPECT_EQ(find("welcome").line, 25u);
  const std::string table = coverageText(run->result.coverage);
  EXPECT_NE(table.find("coverage: 5 rules, 4 fired by some test, 1 never fired"), std::string::npos) << table;
  EXPECT_NE(table.find("never fired by any test:\n  activation.ratio"), std::string::npos) << table;
}

TEST(Coverage, OneEntryPerRuleAcrossTestFiles) {
  TempDir dir;
  dir.write("journey.onb", kProgram);
  dir.write("a.onbt", "import \"journey.onb\"\ntest \"a\" {\n  track signed_up\n  expect send in_app\n}\n");
  dir.write("sub/b.onbt", "import \"../journey.onb\"\ntest \"b\" {\n  track signed_up\n  expect send in_app\n}\n");
  SuiteOptions options;
  options.paths = {dir.path()};
  SuiteResult result = runSuite(options);
  EXPECT_EQ(result.exitStatus(), 0) << renderTestDiagnostics(result.diagnostics, *result.sources);
  ASSERT_EQ(result.coverage.rules().size(), 5u);
  EXPECT_EQ(result.coverage.rules()[1].rule, "banner");
  EXPECT_EQ(result.coverage.rules()[1].fired, 2u);
}

}  // namespace
}  // namespace onb::journeytest::unit
