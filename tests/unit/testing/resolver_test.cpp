// Errors found when a test file meets its program: names, types, time order.
#include <gtest/gtest.h>

#include "testing_support.hpp"

namespace onb::journeytest::unit {
namespace {

struct ResolveCase {
  const char* body;   // the inside of one test
  const char* error;  // the start of the first error, after "journey.onbt:"
};

class ResolverErrors : public ::testing::TestWithParam<ResolveCase> {};

TEST_P(ResolverErrors, ReportWithPosition) {
  auto run = runTests(std::string("import \"journey.onb\"\ntest \"t\" {\n") + GetParam().body + "\n  expect enter\n}\n");
  std::string text = diagnosticsText(*run);
  EXPECT_NE(text.find(std::string("journey.onbt:") + GetParam().error), std::string::npos) << text;
  EXPECT_EQ(run->result.exitStatus(), 2);
  EXPECT_TRUE(run->result.files.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ResolverErrors,
    ::testing::Values(
        ResolveCase{"  track signed_upp", "3:9: error: the program declares no event `signed_upp` (did you mean `signed_up`?)"},
        ResolveCase{"  track step_failed { step: \"x\" }", "3:9: error: event step_failed needs property `code` (int)"},
        ResolveCase{"  track step_failed { step: \"x\", code: \"500\" }", "3:40: error: property `code` is an int; this value does not fit"},
        ResolveCase{"  track signed_up { sauce: \"ads\" }", "3:21: error: event signed_up has no property `sauce` (did you mean `source`?)"},
        ResolveCase{"  user ada { frist_name: \"Ada\" }", "3:14: error: the program's user has no trait `frist_name` (did you mean `first_name`?)"},
        ResolveCase{"  user ada { plan: \"premium\" }", "3:20: error: \"premium\" is not a member of trait `plan` (enum(free, pro))"},
        ResolveCase{"  user ada { id: \"x\" }", "3:14: error: `id` is the user's id"},
        ResolveCase{"  at +2d track signed_up\n  at +1d track signed_up",
                    "4:6: error: this time (+1d) is before the test's clock (+2d, set on line 3): steps happen in time order"},
        ResolveCase{"  advance +1d\n  advance until +12h", "4:17: error: this time (+12h) is before the test's clock (+1d"},
        ResolveCase{"  expect send email \"welcom\"", "3:21: error: no rule sends \"welcom\" on email (did you mean `welcome`?)"},
        ResolveCase{"  expect send emial", "3:15: error: the program has no channel `emial` (did you mean `email`?)"},
        ResolveCase{"  expect send csm", "3:15: error: the program has no channel `csm` (it is a queue: expect `handoff`)"},
        ResolveCase{"  expect handoff email", "3:18: error: the program has no queue `email` (it is a channel: expect `send`)"},
        ResolveCase{"  expect send email \"welcome\" with { nmae: \"x\" }", "3:38: error: the rules that write this record have no var `nmae` (did you mean `name`?)"},
        ResolveCase{"  expect goal activaton", "3:15: error: the program has no journey `activaton` (did you mean `activation`?)"},
        ResolveCase{"  expect send rule welcom", "3:20: error: the program has no rule `welcom` (did you mean `welcome`?)"},
        ResolveCase{"  expect send in_app rule welcome", "3:10: error: no rule of the program can write this record"},
        ResolveCase{"  expect suppressed cap nowhere", "3:25: error: the program has no channel or queue `nowhere`"}));

TEST(Resolver, ATestThatExpectsNothingIsAnError) {
  auto run = runTests("import \"journey.onb\"\ntest \"empty\" {\n  track signed_up\n}\n");
  EXPECT_NE(diagnosticsText(*run).find("journey.onbt:2:1: error: this test expects nothing: add an `expect`"), std::string::npos)
      << diagnosticsText(*run);
}

TEST(Resolver, AFileWithoutImportIsAnError) {
  auto run = runTests("test \"x\" {\n  expect enter\n}\n");
  EXPECT_NE(diagnosticsText(*run).find("a test file imports the program it tests"), std::string::npos) << diagnosticsText(*run);
  EXPECT_EQ(run->result.exitStatus(), 2);
}

TEST(Resolver, AMissingImportIsReportedAtTheImportLine) {
  auto run = runTests("# tests\nimport \"nope.onb\"\ntest \"x\" {\n  expect enter\n}\n");
  ASSERT_EQ(run->result.files.size(), 1u);
  const FileResult& f = run->result.files[0];
  EXPECT_NE(f.programErrors.find("journey.onbt:2:1: error"), std::string::npos) << f.programErrors;
  EXPECT_EQ(f.testNames.size(), 1u);
  EXPECT_EQ(run->result.exitStatus(), 1);
  EXPECT_NE(textReport(run->result, {}).find("ERROR"), std::string::npos);
}

TEST(Resolver, AProgramWithErrorsFailsItsTestsWithoutRunningThem) {
  auto run = runTests("import \"journey.onb\"\ntest \"x\" {\n  expect enter\n}\n", "journey broken {\n}\n");
  ASSERT_EQ(run->result.files.size(), 1u);
  EXPECT_FALSE(run->result.files[0].programErrors.empty());
  EXPECT_EQ(run->result.programErrors(), 1u);
  EXPECT_EQ(run->result.exitStatus(), 1);
}

TEST(Resolver, StartDefaultsToTheFirstAbsoluteTime) {
  auto run = runTests(R"(import "journey.onb"
test "t" {
  user ada { email_consent: true }
  at 2025-05-05T10:00:00Z track signed_up
  expect send email "welcome" at +0s
}
)");
  EXPECT_TRUE(firstTest(*run).passed) << failureText(run->result, firstTest(*run));
  EXPECT_EQ(firstTest(*run).start, 1746439200000LL);
}

TEST(Resolver, MissingPathsAreIoErrors) {
  SuiteOptions options;
  options.paths = {"/nonexistent/onb/tests"};
  SuiteResult result = runSuite(options);
  ASSERT_EQ(result.ioErrors.size(), 1u);
  EXPECT_EQ(result.exitStatus(), 2);
}

TEST(Resolver, FoldersAreSearchedRecursivelyInOrder) {
  TempDir dir;
  dir.write("b/z.onbt", "");
  dir.write("a/y.onbt", "");
  dir.write("a/x.onb", "");
  dir.write("c.onbt", "");
  std::vector<std::string> errors;
  std::vector<std::string> files = findTestFiles({dir.path()}, errors);
  ASSERT_EQ(files.size(), 3u);
  EXPECT_TRUE(files[0].ends_with("a/y.onbt"));
  EXPECT_TRUE(files[1].ends_with("b/z.onbt"));
  EXPECT_TRUE(files[2].ends_with("c.onbt"));
}

}  // namespace
}  // namespace onb::journeytest::unit
