// The .onbt parser: the structure it builds, and errors with file:line:col.
#include <gtest/gtest.h>

#include "cli/testing/test_lexer.hpp"
#include "cli/testing/test_parser.hpp"

namespace onb::journeytest {
namespace {

struct Parsed {
  SourceManager sources;
  TestDiagnostics diagnostics;
  TestFile file;
  std::string errors() const { return renderTestDiagnostics(diagnostics.all(), sources); }
};

std::unique_ptr<Parsed> parse(const std::string& text) {
  auto p = std::make_unique<Parsed>();
  FileId id = p->sources.add("t.onbt", text);
  p->file = parseTestFile(p->sources.file(id), p->diagnostics);
  return p;
}

TEST(TestParser, ParsesACompleteFile) {
  auto p = parse(R"(# a comment
import "journey.onb"
start 2025-03-03T09:00:00Z

test "welcome" {
  user ada { first_name: "Ada", email_consent: true, score: -3 }
  at +1h track signed_up { source: "ads" } for bob
  identify for bob { plan: "pro", first_name: null }
  advance +1d2h
  advance until 2025-03-05T00:00:00Z
  expect send email "welcome" with { name: "Ada", at: +0s, wait: 3d } at +1h rule activation.welcome for ada
  expect no suppressed cap email "nudge"
  expect exactly for bob {
    enter activation holdout
    exit goal
    deferred send email "welcome" until +10h
  }
  expect skipped unless rule nudge
  expect error "division" rule ratio in activation
}
)");
  ASSERT_TRUE(p->diagnostics.empty()) << p->errors();
  ASSERT_EQ(p->file.imports.size(), 1u);
  EXPECT_EQ(p->file.imports[0].path, "journey.onb");
  ASSERT_TRUE(p->file.start.has_value());
  EXPECT_EQ(p->file.start->ms, 1740992400000LL);
  ASSERT_EQ(p->file.tests.size(), 1u);
  const TestCase& t = p->file.tests[0];
  EXPECT_EQ(t.name, "welcome");
  ASSERT_EQ(t.body.size(), 10u);

  const Statement& user = t.body[0];
  EXPECT_EQ(user.kind, StatementKind::User);
  EXPECT_EQ(user.name.text, "ada");
  ASSERT_EQ(user.map.size(), 3u);
  EXPECT_EQ(user.map[2].value.kind, Literal::Kind::Int);
  EXPECT_EQ(user.map[2].value.i, -3);

  const Statement& track = t.body[1];
  EXPECT_EQ(track.kind, StatementKind::Track);
  ASSERT_TRUE(track.at.has_value());
  EXPECT_TRUE(track.at->relative);
  EXPECT_EQ(track.at->ms, 3'600'000);
  EXPECT_EQ(track.name.text, "signed_up");
  EXPECT_EQ(track.user.text, "bob");

  EXPECT_EQ(t.body[2].kind, StatementKind::Identify);
  EXPECT_EQ(t.body[2].map[1].value.kind, Literal::Kind::Null);
  EXPECT_EQ(t.body[3].kind, StatementKind::Advance);
  EXPECT_EQ(t.body[3].durationMs, 26 * 3'600'000LL);
  EXPECT_EQ(t.body[4].kind, StatementKind::AdvanceUntil);

  const PatternAst& send = t.body[5].patterns[0];
  EXPECT_EQ(send.head, PatternHead::Send);
  EXPECT_EQ(send.destination.text, "email");
  EXPECT_EQ(send.text.text, "welcome");
  ASSERT_EQ(send.with.size(), 3u);
  EXPECT_EQ(send.with[1].value.kind, Literal::Kind::Time);
  EXPECT_EQ(send.with[2].value.kind, Literal::Kind::Duration);
  EXPECT_EQ(send.with[2].value.i, 3 * 86'400'000LL);
  EXPECT_EQ(send.ruleJourney.text, "activation");
  EXPECT_EQ(send.rule.text, "welcome");
  EXPECT_EQ(send.user.text, "ada");

  const PatternAst& suppressed = t.body[6].patterns[0];
  EXPECT_EQ(t.body[6].kind, StatementKind::ExpectNo);
  EXPECT_EQ(suppressed.reason.text, "cap");
  EXPECT_EQ(suppressed.destination.text, "email");
  EXPECT_EQ(suppressed.action, PatternHead::Send);  // a template implies a send

  const Statement& exactly = t.body[7];
  EXPECT_EQ(exactly.kind, StatementKind::ExpectExactly);
  EXPECT_EQ(exactly.user.text, "bob");
  ASSERT_EQ(exactly.patterns.size(), 3u);
  EXPECT_TRUE(exactly.patterns[0].holdout);
  EXPECT_EQ(exactly.patterns[0].journey.text, "activation");
  EXPECT_EQ(exactly.patterns[1].reason.text, "goal");
  EXPECT_FALSE(exactly.patterns[1].journey.present());
  ASSERT_TRUE(exactly.patterns[2].until.has_value());

  EXPECT_EQ(t.body[8].patterns[0].clause.text, "unless");
  EXPECT_EQ(t.body[9].patterns[0].message.text, "division");
  EXPECT_EQ(t.body[9].patterns[0].journey.text, "activation");
}

// Each case: a file, and the start of the first error it must report.
struct ErrorCase {
  const char* text;
  const char* error;
};

class TestParserErrors : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(TestParserErrors, ReportsWithPosition) {
  auto p = parse(GetParam().text);
  ASSERT_FALSE(p->diagnostics.empty()) << GetParam().text;
  EXPECT_EQ(p->errors().rfind(GetParam().error, 0), 0u) << p->errors();
}

INSTANTIATE_TEST_SUITE_P(
    Cases, TestParserErrors,
    ::testing::Values(
        ErrorCase{"test \"x\" {\n  track\n}\n", "t.onbt:2:8: error: expected the name of an event, found the end of the line"},
        ErrorCase{"test \"x\" {\n  expect sent email\n}\n", "t.onbt:2:10: error: `sent` is not a kind of record"},
        ErrorCase{"test \"x\" {\n  advance +1.5h\n}\n", "t.onbt:2:11: error: a relative time is `+` and a duration"},
        ErrorCase{"test \"x\" {\n  advance 2h1d\n}\n", "t.onbt:2:11: error: not a number or a duration"},
        ErrorCase{"test \"x {\n}\n", "t.onbt:1:6: error: this string has no closing quote on its line"},
        ErrorCase{"test \"a\" {\n}\ntest \"a\" {\n}\n", "t.onbt:3:6: error: a test named \"a\" is already declared"},
        ErrorCase{"test \"x\" {\n  expect enter with { a: 1 }\n}\n", "t.onbt:2:16: error: `with` applies to send, handoff and emit"},
        ErrorCase{"test \"x\" {\n  expect exactly {\n    send email for bob\n  }\n}\n",
                  "t.onbt:3:20: error: a pattern inside `expect exactly` takes its user from the block"},
        ErrorCase{"test \"x\" {\n  track a { n: 1 }\n  start 2025-01-01T00:00:00Z\n}\n",
                  "t.onbt:3:3: error: `start` must come before the test's first step"},
        ErrorCase{"test \"x\" {\n  at 2025-02-30T00:00:00Z track a\n}\n", "t.onbt:2:6: error: a time is YYYY-MM-DDTHH:MM"},
        ErrorCase{"test \"x\" {\n  track a { n: yes }\n}\n", "t.onbt:2:16: error: `yes` is not a value"},
        ErrorCase{"test \"x\" {\n  expect send email at\n}\n", "t.onbt:2:23: error: expected a time"},
        ErrorCase{"test \"x\" {\n  expect exit activation soon\n}\n", "t.onbt:2:26: error: an exit reason is goal, exit or expired"},
        ErrorCase{"import journey.onb\n", "t.onbt:1:8: error: expected the path of an .onb file, as a string"},
        ErrorCase{"test \"x\" {\n  track a\n", "t.onbt:1:1: error: this test has no closing `}`"},
        ErrorCase{"test \"x\" {\n  expect send email \"a\" rule\n}\n", "t.onbt:2:29: error: expected a rule name"},
        ErrorCase{"test \"x\" {\n  track a @\n}\n", "t.onbt:2:11: error: unexpected character"}));

TEST(TestParser, ReportsEveryBadStatementAndRecovers) {
  auto p = parse("test \"x\" {\n  track\n  advance soon\n  expect send email\n  expect nonsense\n}\ntest \"y\" {\n  expect goal\n}\n");
  EXPECT_EQ(p->diagnostics.size(), 3u) << p->errors();
  ASSERT_EQ(p->file.tests.size(), 2u);
  EXPECT_EQ(p->file.tests[1].body.size(), 1u);
}

TEST(TestParser, ShowsTheSourceLineUnderTheError) {
  auto p = parse("test \"x\" {\n  expect sent email\n}\n");
  EXPECT_NE(p->errors().find("2 |   expect sent email\n  |          ^~~~\n"), std::string::npos) << p->errors();
}

TEST(TestDurations, ParseCompoundDurationsLargestUnitFirst) {
  EXPECT_EQ(parseTestDuration("0s"), 0);
  EXPECT_EQ(parseTestDuration("250ms"), 250);
  EXPECT_EQ(parseTestDuration("2h30m"), 9'000'000);
  EXPECT_EQ(parseTestDuration("1w1d"), 8 * 86'400'000LL);
  EXPECT_EQ(parseTestDuration("1d2h3m4s5ms"), 93'784'005);
  EXPECT_FALSE(parseTestDuration("2h1d"));
  EXPECT_FALSE(parseTestDuration("1h1h"));
  EXPECT_FALSE(parseTestDuration("1.5h"));
  EXPECT_FALSE(parseTestDuration("3x"));
  EXPECT_FALSE(parseTestDuration("d"));
  EXPECT_FALSE(parseTestDuration(""));
}

TEST(TestDurations, FormatOffsetsInDaysDown) {
  EXPECT_EQ(formatOffset(0), "+0s");
  EXPECT_EQ(formatOffset(93'784'005), "+1d2h3m4s5ms");
  EXPECT_EQ(formatOffset(14 * 86'400'000LL), "+14d");
  EXPECT_EQ(formatOffset(-3'600'000), "-1h");
}

}  // namespace
}  // namespace onb::journeytest
