// Declarations, journeys and rules (GRAMMAR.md sections 2, 3 and 5): every construct as
// printAst shows it, keywords as names, and the clause counts.
#include <gtest/gtest.h>

#include <variant>

#include "parse_helpers.hpp"

namespace onb::test {
namespace {

constexpr const char* kEveryConstruct = R"(import "schema.onb"
user {
  n: int = -1, f: float = -0.5 d: duration = 30m
  t: time? = @2025-01-01T00:00Z
  s: string = "x" b: bool = true
  plan: enum(free, pro) = free
  role: enum(a)? @sensitive
  limit: int
}
event signed_up "Signed Up" { source: string?, once: bool }
event ping
event empty {}
channel email requires user.b
channel in_app
queue csm
cap 1 per 1d
cap on email, in_app 1 per 1d, 4 per 7d
journey j {
  enter when signed_up where event.source == "ads" if user.plan == "pro"
  goal ping within 7d where event.once
  goal ping within 1d
  exit when ping where true if false
  exit after 30d
  holdout 2.5%
  quiet 21:00..08:00
  retention ping
  cap on email 2 per 1w
  rule a {
    when signed_up | ping where true
    if a
    unless b
    limit 1 per 1d, 2 per 2d
    send email "t" with { name: user.s, "first-name": 1, in: 2, }
  }
  rule b { after 1d since enter where x send email "x" with {} }
  rule c { after 2h since first ping once handoff csm }
  rule d { after 2h since ping handoff csm with { a: 1 } }
  rule e { after 1m since last ping emit "e" }
  rule f { unless x after 1w since last any where y emit "f" with { k: 1 } }
}
)";

constexpr const char* kEveryConstructAst = R"((module
  (import @1:1 "schema.onb")
  (user @2:1
    (field n @3:3 int (default -1@3:12))
    (field f @3:16 float (default -0.5@3:27))
    (field d @3:32 duration (default 30m@3:46))
    (field t @4:3 time? (default @2025-01-01T00:00:00.000Z@4:14))
    (field s @5:3 string (default "x"@5:15))
    (field b @5:19 bool (default true@5:29))
    (field plan @6:3 (enum free pro) (default free@6:27))
    (field role @7:3 (enum a)? @sensitive)
    (field limit @8:3 int))
  (event signed_up @10:1 (wire "Signed Up")
    (field source @10:31 string?)
    (field once @10:48 bool))
  (event ping @11:1)
  (event empty @12:1)
  (channel email @13:1 (requires user.b@13:24))
  (channel in_app @14:1)
  (queue csm @15:1)
  (cap @16:1 (per 1 1d))
  (cap @17:1 (on email in_app) (per 1 1d) (per 4 7d))
  (journey j @18:1
    (enter @19:3 signed_up (where (== @19:30 event.source@19:30 "ads"@19:46)) (if (== @19:55 user.plan@19:55 "pro"@19:68)))
    (goal @20:3 ping (within 7d) (where event.once@20:29))
    (goal @21:3 ping (within 1d))
    (exit-when @22:3 ping (where true@22:24) (if false@22:32))
    (exit-after @23:3 30d)
    (holdout @24:3 (hundredths 250))
    (quiet @25:3 21:00 08:00)
    (retention @26:3 ping)
    (cap @27:3 (on email) (per 2 1w))
    (rule a @28:3
      (when @29:5 signed_up ping (where true@29:33))
      (if @30:5 a@30:8)
      (unless @31:5 b@31:12)
      (limit @32:5 (per 1 1d) (per 2 2d))
      (send email @33:5 "t" (with (name user.s@33:33) ("first-name" 1@33:55) (in 2@33:62))))
    (rule b @35:3
      (after @35:12 1d (since enter) (where x@35:39))
      (send email @35:41 "x" (with)))
    (rule c @36:3
      (after @36:12 2h (since first ping))
      (once @36:38)
      (handoff csm @36:43))
    (rule d @37:3
      (after @37:12 2h (since ping))
      (handoff csm @37:32 (with (a 1@37:54))))
    (rule e @38:3
      (after @38:12 1m (since last ping))
      (emit @38:37 "e"))
    (rule f @39:3
      (unless @39:12 x@39:19)
      (after @39:21 1w (since last any) (where y@39:51))
      (emit @39:53 "f" (with (k 1@39:72))))))
)";

TEST(Declarations, EveryConstructAsPrintAstShowsIt) {
  Parsed p = parseText(kEveryConstruct);
  EXPECT_EQ(p.errors(), 0u) << p.diagnostics();
  EXPECT_FALSE(p.module.hadSyntaxErrors);
  EXPECT_EQ(p.ast(), kEveryConstructAst);
  for (ast::ExprId id : expressionRoots(p.module)) expectRoundTrip(p.module, id);
}

TEST(Declarations, SpansCoverTheWholeConstruct) {
  Parsed p = parseText(
      "event e\njourney j {\n  enter when e  # why\n  rule r {\n    when e\n    emit \"x\" with { a: 1 }\n  }\n}\n");
  ASSERT_EQ(p.errors(), 0u) << p.diagnostics();
  const auto text = [&](Span s) { return std::string(p.source().text().substr(s.begin, s.end - s.begin)); };
  const auto& journey = std::get<ast::Journey>(p.module.decls[1]);
  EXPECT_EQ(text(journey.span).substr(0, 11), "journey j {");
  EXPECT_EQ(text(journey.span).back(), '}');
  EXPECT_EQ(text(journey.name.span), "j");
  EXPECT_EQ(text(std::get<ast::EnterItem>(journey.items[0]).span), "enter when e");
  const auto& rule = std::get<ast::Rule>(journey.items[1]);
  EXPECT_EQ(text(rule.span), "rule r {\n    when e\n    emit \"x\" with { a: 1 }\n  }");
  const auto& action = std::get<ast::ActionClause>(rule.clauses[1]);
  EXPECT_EQ(text(action.span), "emit \"x\" with { a: 1 }");
  EXPECT_EQ(text(action.withSpan), "with { a: 1 }");
  EXPECT_EQ(text(action.text.span), "\"x\"");
  EXPECT_EQ(text(action.with[0].key.span), "a");
}

TEST(Declarations, KeywordsAreFieldNamesOnlyWhereSectionFiveSaysSo) {
  Parsed p = parseText(readFile(ONB_SOURCE_DIR "/../shared/conformance/cases/069-keywords-as-field-names/program.onb"));
  ASSERT_EQ(p.errors(), 0u) << p.diagnostics();
  const auto& user = std::get<ast::UserDecl>(p.module.decls[0]);
  EXPECT_EQ(user.fields[0].name.text, "limit");
  EXPECT_EQ(user.fields[1].name.text, "where");
  const auto& quota = std::get<ast::EventDecl>(p.module.decls[2]);
  EXPECT_EQ(quota.properties[0].name.text, "limit");
  EXPECT_EQ(quota.properties[1].name.text, "once");
  const auto& journey = std::get<ast::Journey>(p.module.decls[3]);
  const auto& rule = std::get<ast::Rule>(journey.items[1]);
  const auto& when = std::get<ast::WhenClause>(rule.clauses[0]);
  EXPECT_EQ(exprToSource(p.module, when.where), "event.limit >= user.limit");
  const auto& emit = std::get<ast::ActionClause>(rule.clauses[1]);
  ASSERT_EQ(emit.with.size(), 5u);
  EXPECT_EQ(emit.with[2].key.text, "where");
  EXPECT_EQ(emit.with[4].key.text, "in");

  // Everywhere else a name is an IDENT.
  for (const char* bad : {"event when\n", "queue if\n", "channel send\n", "event e { a: enum(free, in) }\n",
                          "journey rule { }\n", "event e\njourney j { enter when e rule once { when e emit \"x\" } }\n",
                          "event e\njourney j { enter when e rule r { when any emit \"x\" } }\n",
                          "channel c requires in\n", "cap on first 1 per 1d\n"}) {
    Parsed q = parseText(bad);
    EXPECT_EQ(q.errors(), 1u) << bad << q.diagnostics();
    ASSERT_FALSE(q.sink.diagnostics().empty()) << bad;
    EXPECT_EQ(q.sink.diagnostics()[0].kind, DiagKind::SyntaxExpected) << bad;
  }
}

TEST(Declarations, FieldSeparatorsAndDefaults) {
  Parsed p = parseText("user { a: int, b: int c: int, }\nevent e { x: int y: int, }\n");
  ASSERT_EQ(p.errors(), 0u) << p.diagnostics();
  EXPECT_EQ(std::get<ast::UserDecl>(p.module.decls[0]).fields.size(), 3u);
  EXPECT_EQ(std::get<ast::EventDecl>(p.module.decls[1]).properties.size(), 2u);
  EXPECT_EQ(parseText("user { a: int,, b: int }\n").firstError(), "1:15 E0001");
  EXPECT_EQ(parseText("event e { a: int = 1 }\n").diagnostics(),
            "1:18 E0001 an event property has no default value (only `user` traits have defaults)\n");
  EXPECT_EQ(parseText("user { a: integer }\n").diagnostics(),
            "1:11 E0001 expected a type (`bool`, `int`, `float`, `string`, `time`, `duration` or `enum(...)`) "
            "after `:`, found `integer`\n");
  EXPECT_EQ(parseText("user { a: int = -1d }\n").firstError(), "1:18 E0001") << "a Literal's `-` takes a number";
  EXPECT_EQ(parseText("user { a: int = x + 1 }\n").firstError(), "1:19 E0001") << "a default is one literal";
}

TEST(Declarations, RepeatedJourneyItemsAreKeptForTheChecker) {
  Parsed p = parseText(
      "event e\njourney j { enter when e enter when e goal e within 1d goal e within 2d holdout 1% "
      "holdout 2% rule r { when e emit \"x\" } }\n");
  EXPECT_EQ(p.errors(), 0u) << p.diagnostics();
  EXPECT_EQ(std::get<ast::Journey>(p.module.decls[1]).items.size(), 7u);
}

TEST(Declarations, RuleClauseCounts) {
  Parsed p = parseText(
      "event e\njourney j {\n  enter when e\n"
      "  rule twice { when e after 1d since enter emit \"a\" handoff q limit 1 per 1d once }\n}\n");
  EXPECT_EQ(p.diagnostics(),
            "4:23 E0013 rule `twice` already has a trigger: a rule has exactly one `when` or `after`\n"
            "4:53 E0013 rule `twice` already has an action: a rule has exactly one `send`, `handoff` or `emit`\n"
            "4:78 E0013 rule `twice` already has a `limit` or `once`: a rule has at most one of them\n");
  ASSERT_EQ(p.sink.diagnostics()[0].notes.size(), 1u);
  EXPECT_EQ(p.source().lineCol(p.sink.diagnostics()[0].notes[0].span.begin).column, 16u);
  EXPECT_TRUE(p.module.hadSyntaxErrors);
  // The rule is kept with its first clause of each kind.
  const auto& rule = std::get<ast::Rule>(std::get<ast::Journey>(p.module.decls[1]).items[1]);
  EXPECT_EQ(rule.clauses.size(), 3u);

  Parsed missing = parseText(
      "event e\njourney j {\n  enter when e\n  rule idle { if true }\n"
      "  rule ok { when e emit \"a\" }\n}\n");
  EXPECT_EQ(missing.diagnostics(),
            "4:8 E0014 rule `idle` has no trigger: add `when EVENT` or `after DURATION since ANCHOR`\n"
            "4:8 E0014 rule `idle` has no action: add `send`, `handoff` or `emit`\n");
  EXPECT_EQ(std::get<ast::Journey>(missing.module.decls[1]).items.size(), 2u) << "an incomplete rule is left out";
}

TEST(Declarations, JourneyNeedsEnterAndARule) {
  EXPECT_EQ(parseText("event e\njourney empty { }\n").diagnostics(),
            "2:9 E0014 journey `empty` has no `enter when EVENT`: every journey needs exactly one\n"
            "2:9 E0014 journey `empty` has no rule: a journey needs at least one `rule NAME { ... }`\n");
  EXPECT_EQ(parseText("event e\njourney j { rule r { when e emit \"x\" } }\n").firstError(), "2:9 E0014");
  EXPECT_EQ(parseText("event e\njourney j { enter when e }\n").firstError(), "2:9 E0014");
}

TEST(Declarations, AfterAnchors) {
  Parsed p = parseText(
      "event e\njourney j { enter when e\n"
      "  rule a { after 1d since enter emit \"a\" }\n"
      "  rule b { after 1d since e emit \"b\" }\n"
      "  rule c { after 1d since first e where event.x emit \"c\" }\n"
      "  rule d { after 1d since last e emit \"d\" }\n"
      "  rule e { after 1d since last any emit \"e\" }\n}\n");
  ASSERT_EQ(p.errors(), 0u) << p.diagnostics();
  const auto& items = std::get<ast::Journey>(p.module.decls[1]).items;
  const auto after = [&](size_t i) { return std::get<ast::AfterClause>(std::get<ast::Rule>(items[i]).clauses[0]); };
  EXPECT_EQ(after(1).anchor, ast::AnchorKind::Enter);
  EXPECT_EQ(after(2).anchor, ast::AnchorKind::First);
  EXPECT_FALSE(after(2).explicitFirst);
  EXPECT_EQ(after(2).event.text, "e");
  EXPECT_EQ(after(3).anchor, ast::AnchorKind::First);
  EXPECT_TRUE(after(3).explicitFirst);
  EXPECT_NE(after(3).where, ast::kNoExpr);
  EXPECT_EQ(after(4).anchor, ast::AnchorKind::Last);
  EXPECT_EQ(after(5).anchor, ast::AnchorKind::LastAny);
  EXPECT_EQ(after(1).delay.millis, 86'400'000);
}

TEST(Declarations, PairsContinueOnlyBeforeAnInt) {
  Parsed p = parseText("cap on email, sms 1 per 1d, 4 per 7d\nqueue q\n");
  ASSERT_EQ(p.errors(), 0u) << p.diagnostics();
  const auto& cap = std::get<ast::CapDecl>(p.module.decls[0]);
  ASSERT_EQ(cap.channels.size(), 2u);
  ASSERT_EQ(cap.pairs.size(), 2u);
  EXPECT_EQ(cap.pairs[1].count, 4u);
  EXPECT_EQ(cap.pairs[1].window.millis, 7 * 86'400'000LL);
  EXPECT_EQ(parseText("cap 1 per 1d, per 1d\n").firstError(), "1:13 E0001");
  EXPECT_TRUE(
      std::get<ast::CapDecl>(parseText("cap 99999999999999999999 per 1d\n").module.decls[0]).pairs[0].countOutOfRange);
}

}  // namespace
}  // namespace onb::test
