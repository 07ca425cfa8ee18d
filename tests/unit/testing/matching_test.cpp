// Matching semantics of `onb test`: subset in order, exact blocks, negatives, groups of
// expectations, unexpected runtime errors, and the failure text.
#include <gtest/gtest.h>

#include "testing_support.hpp"

namespace onb::journeytest::unit {
namespace {

std::string onbt(const std::string& body) {
  return "import \"journey.onb\"\n\ntest \"t\" {\n" + body + "}\n";
}

TEST(Matching, SubsetInOrderSkipsOtherRecords) {
  auto run = runTests(onbt(R"(
  user ada { first_name: "Ada", email_consent: true }
  track signed_up
  expect enter activation
  expect send in_app "checklist"
)"));
  EXPECT_TRUE(firstTest(*run).passed) << failureText(run->result, firstTest(*run));
  EXPECT_EQ(run->result.exitStatus(), 0);
}

TEST(Matching, SubsetRespectsOrderAndSaysSo) {
  auto run = runTests(onbt(R"(
  user ada { email_consent: true }
  track signed_up
  expect send in_app "checklist"
  expect send email "welcome"
)"));
  const TestResult& t = firstTest(*run);
  ASSERT_FALSE(t.passed);
  EXPECT_EQ(t.failure->kind, Failure::Kind::Missing);
  std::string text = failureText(run->result, t);
  EXPECT_NE(text.find("journey.onbt:8:10: expected send email \"welcome\" (user ada): no record matches"), std::string::npos) << text;
  EXPECT_NE(text.find("record #2 matches, but it comes before #3, matched by the previous expectation"), std::string::npos) << text;
  EXPECT_EQ(run->result.exitStatus(), 1);
}

TEST(Matching, EachExpectationTakesARecordOfItsOwn) {
  auto run = runTests(onbt(R"(
  user ada { email_consent: true }
  track signed_up
  expect send email "welcome"
  expect send email
)"));
  const TestResult& t = firstTest(*run);
  ASSERT_FALSE(t.passed);
  std::string text = failureText(run->result, t);
  EXPECT_NE(text.find("record #2 matches, but the previous expectation already took it"), std::string::npos) << text;
}

TEST(Matching, AtPinsTheTimeRelativeToTheStart) {
  auto run = runTests(onbt(R"(
  start 2025-03-03T09:00:00Z
  user ada { email_consent: true }
  track signed_up
  advance +1d
  expect send email "welcome" at +0s
  expect send email "nudge" at 2025-03-04T09:00:00Z
)"));
  EXPECT_TRUE(firstTest(*run).passed) << failureText(run->result, firstTest(*run));
}

TEST(Matching, ClosestRecordShowsEachDifferingField) {
  auto run = runTests(onbt(R"(
  user ada { email_consent: true, plan: "pro" }
  track signed_up
  expect send email "welcome" with { name: "Ada", plan: "pro" } at +1h
)"));
  const TestResult& t = firstTest(*run);
  ASSERT_FALSE(t.passed);
  std::string text = failureText(run->result, t);
  EXPECT_NE(text.find("closest record #2: at: expected +1h (2025-01-06T10:00:00.000Z), got +0s (2025-01-06T09:00:00.000Z); "
                      "vars.name: expected \"Ada\", got \"there\""),
            std::string::npos)
      << text;
  // The listing marks the record in question.
  EXPECT_NE(text.find("> #2   +0s 2025-01-06T09:00:00.000Z  send email \"welcome\" rule activation.welcome with { name: \"there\", plan: \"pro\" }"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  #1   +0s 2025-01-06T09:00:00.000Z  enter activation"), std::string::npos) << text;
}

TEST(Matching, ExactBlockPassesOnlyOnTheWholeSequence) {
  auto pass = runTests(onbt(R"(
  user ada { email_consent: true }
  track signed_up
  expect exactly {
    enter activation
    send email "welcome"
    send in_app "checklist"
  }
)"));
  EXPECT_TRUE(firstTest(*pass).passed) << failureText(pass->result, firstTest(*pass));

  auto extra = runTests(onbt(R"(
  user ada { email_consent: true }
  track signed_up
  expect exactly {
    enter activation
    send email "welcome"
  }
)"));
  ASSERT_FALSE(firstTest(*extra).passed);
  EXPECT_EQ(firstTest(*extra).failure->kind, Failure::Kind::ExactExtra);
  EXPECT_EQ(firstTest(*extra).failure->record, 2u);

  auto missing = runTests(onbt(R"(
  user ada { email_consent: true }
  track signed_up
  expect exactly {
    enter activation
    send email "welcome"
    send in_app "checklist"
    send email "nudge"
  }
)"));
  ASSERT_FALSE(firstTest(*missing).passed);
  EXPECT_EQ(firstTest(*missing).failure->kind, Failure::Kind::ExactMissing);

  auto mismatch = runTests(onbt(R"(
  user ada { email_consent: true }
  track signed_up
  expect exactly {
    enter activation holdout
    send email "welcome"
    send in_app "checklist"
  }
)"));
  const TestResult& t = firstTest(*mismatch);
  ASSERT_FALSE(t.passed);
  EXPECT_EQ(t.failure->kind, Failure::Kind::ExactMismatch);
  ASSERT_FALSE(t.failure->notes.empty());
  EXPECT_EQ(t.failure->notes[0], "holdout: expected holdout, got treatment");
}

TEST(Matching, ExactBlockIsPerUserAndIgnoresSkipRecords) {
  auto run = runTests(onbt(R"(
  user ada { email_consent: true }
  user bob
  track signed_up for ada
  track step_failed { step: "billing", code: 1 } for ada
  track signed_up
  expect skipped if rule stuck for ada
  expect exactly for ada {
    enter activation
    send email "welcome"
    send in_app "checklist"
  }
  expect exactly {
    enter activation
    suppressed consent send email "welcome"
    send in_app "checklist"
  }
)"));
  EXPECT_TRUE(firstTest(*run).passed) << failureText(run->result, firstTest(*run));
}

TEST(Matching, NegativeExpectationFailsOnAnyMatch) {
  auto run = runTests(onbt(R"(
  user ada { email_consent: true }
  track signed_up
  expect no send in_app
)"));
  const TestResult& t = firstTest(*run);
  ASSERT_FALSE(t.passed);
  EXPECT_EQ(t.failure->kind, Failure::Kind::Forbidden);
  EXPECT_EQ(t.failure->record, 2u);
  EXPECT_EQ(t.failure->summary, "expected no send in_app (user ada): record #3 matches");

  auto pass = runTests(onbt(R"(
  user ada
  track signed_up
  expect no send email
  expect suppressed consent email "welcome"
)"));
  EXPECT_TRUE(firstTest(*pass).passed) << failureText(pass->result, firstTest(*pass));
}

TEST(Matching, AGroupSeesOnlyTheRecordsSinceThePreviousGroup) {
  auto run = runTests(onbt(R"(
  user ada { email_consent: true }
  track signed_up
  expect enter activation
  advance +1d
  expect send email "welcome"
)"));
  const TestResult& t = firstTest(*run);
  ASSERT_FALSE(t.passed);
  std::string text = failureText(run->result, t);
  EXPECT_NE(text.find("record #2 matches, but it was written before the previous group of expectations"), std::string::npos) << text;
  EXPECT_NE(text.find("the failing check saw #4-#4"), std::string::npos) << text;
}

TEST(Matching, TimersDueAtTheClockFireBeforeAGroup) {
  // The nudge is due exactly at +1d: it fires before the expectations look.
  auto run = runTests(onbt(R"(
  user ada { email_consent: true }
  track signed_up
  at +1d identify { plan: "pro" }
  expect send email "nudge" at +1d
)"));
  EXPECT_TRUE(firstTest(*run).passed) << failureText(run->result, firstTest(*run));
}

TEST(Matching, QuietHoursDeferralAndUntil) {
  auto run = runTests(onbt(R"(
  at 2025-01-06T22:00:00Z user ada { email_consent: true }
  track signed_up
  expect deferred send email "welcome" until 2025-01-07T08:00:00Z
  expect deferred in_app "checklist" until +10h
  advance until +10h
  expect send email "welcome" at +10h
)"));
  EXPECT_TRUE(firstTest(*run).passed) << failureText(run->result, firstTest(*run));
}

TEST(Matching, LimitsAndHandoffVars) {
  auto run = runTests(onbt(R"(
  user ada
  track signed_up
  at +1h track step_failed { step: "billing", code: 500 }
  at +2h track step_failed { step: "billing", code: 500 }
  at +3h track step_failed { step: "sso", code: 500 }
  expect skipped if rule stuck at +1h
  expect handoff csm with { step: "billing" } rule activation.stuck at +2h
  expect suppressed limit handoff csm at +3h
)"));
  EXPECT_TRUE(firstTest(*run).passed) << failureText(run->result, firstTest(*run));
}

TEST(Matching, AnUnexpectedRuntimeErrorFailsTheTest) {
  auto run = runTests(onbt(R"(
  user ada
  track signed_up
  track rated { stars: 5 }
  expect enter activation
)"));
  const TestResult& t = firstTest(*run);
  ASSERT_FALSE(t.passed);
  EXPECT_EQ(t.failure->kind, Failure::Kind::UnexpectedError);
  EXPECT_NE(t.failure->summary.find("runtime error that no expectation names (rule activation.ratio"), std::string::npos);

  auto expected = runTests(onbt(R"(
  user ada
  track signed_up
  track rated { stars: 5 }
  expect error "division" rule ratio
)"));
  EXPECT_TRUE(firstTest(*expected).passed) << failureText(expected->result, firstTest(*expected));
}

TEST(Matching, GoalAndExit) {
  auto run = runTests(onbt(R"(
  user ada { email_consent: true }
  track signed_up
  at +2d track project_created
  expect goal activation at +2d
  expect exit goal
  advance +7d
  expect no send
)"));
  EXPECT_TRUE(firstTest(*run).passed) << failureText(run->result, firstTest(*run));
}

TEST(Matching, RunFilterSelectsTestsByName) {
  auto run = runTests("import \"journey.onb\"\ntest \"welcome a\" {\n  track signed_up\n  expect enter\n}\n"
                      "test \"nudge b\" {\n  track signed_up\n  expect goal\n}\n",
                      kProgram, "^welcome");
  ASSERT_EQ(run->result.files.size(), 1u);
  ASSERT_EQ(run->result.files[0].tests.size(), 1u);
  EXPECT_EQ(run->result.files[0].tests[0].name, "welcome a");
  EXPECT_EQ(run->result.exitStatus(), 0);
}

}  // namespace
}  // namespace onb::journeytest::unit
