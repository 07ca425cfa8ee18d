// Syntax errors: the messages and positions of the reject cases, and recovery, which
// reports several independent errors per file without cascades.
#include <gtest/gtest.h>

#include <variant>

#include "parse_helpers.hpp"

namespace onb::test {
namespace {

std::string rejectCase(const char* name) {
  return readFile(std::string(ONB_SOURCE_DIR "/../shared/conformance/cases/reject/") + name + "/program.onb");
}

TEST(SyntaxErrors, RejectCaseMissingSince) {
  Parsed p = parseText(rejectCase("012-syntax-missing-since"));
  EXPECT_EQ(p.diagnostics(), "16:21 E0001 expected `since` after `after 1d`, found `enter`\n");
  EXPECT_TRUE(p.module.hadSyntaxErrors);
}

TEST(SyntaxErrors, RejectCasePercentWithoutSpace) {
  Parsed p = parseText(rejectCase("016-percent-without-space"));
  ASSERT_EQ(p.errors(), 1u) << p.diagnostics();
  EXPECT_EQ(p.firstError(), "16:54 E0011");
  EXPECT_EQ(p.sink.diagnostics()[0].span.end - p.sink.diagnostics()[0].span.begin, 2u) << "the span is `7%`";
}

TEST(SyntaxErrors, OtherRejectCasesAreNotSyntaxErrors) {
  for (const char* name : {"001-unknown-event", "002-enum-literal-not-member", "003-optional-without-coalesce",
                           "005-sensitive-in-with", "006-send-to-queue", "009-type-mismatch"}) {
    Parsed p = parseText(rejectCase(name));
    EXPECT_EQ(p.errors(), 0u) << name << "\n" << p.diagnostics();
  }
}

TEST(SyntaxErrors, MessagesNameTheExpectedConstruct) {
  struct Case {
    const char* program;
    const char* diagnostic;
  };
  for (const Case& c : {
           Case{"journey", "2:1 E0001 expected a journey name after `journey`, found end of file"},
           Case{"journey j enter", "1:11 E0001 expected `{` after `journey j`, found `enter`"},
           Case{"journey j {", "2:1 E0001 expected `}` to close journey `j`, found end of file"},
           Case{"journey j { rule }", "1:18 E0001 expected a rule name after `rule`, found `}`"},
           Case{"journey j { foo }",
                "1:13 E0001 expected a journey item (`enter`, `goal`, `exit`, `holdout`, `quiet`, `retention`, `cap` "
                "or `rule`) or `}` to close journey `j`, found `foo`"},
           Case{"journey j { rule r { x } }",
                "1:22 E0001 expected a rule clause (`when`, `after`, `if`, `unless`, `limit`, `once`, `send`, "
                "`handoff` or `emit`) or `}` to close rule `r`, found `x`"},
           Case{"journey j { enter e }", "1:19 E0001 expected `when` after `enter`, found `e`"},
           Case{"journey j { goal e where x within 1d }",
                "1:20 E0001 the goal window comes before its filter: write `goal E within 7d where X`"},
           Case{"journey j { goal e 1d }", "1:20 E0001 expected `within` and a duration after `goal e`, found `1d`"},
           Case{"journey j { goal e within 7 }",
                "1:27 E0001 expected a duration such as `7d` after `within`, found `7`"},
           Case{"journey j { exit e }", "1:18 E0001 expected `when` or `after` after `exit`, found `e`"},
           Case{"journey j { holdout 10 }",
                "1:21 E0001 expected a percentage such as `10%` after `holdout`, found `10`"},
           Case{"journey j { quiet 21:00 08:00 }",
                "1:25 E0001 expected `..` after `quiet 21:00`, found the clock time `08:00`"},
           Case{"journey j { rule r { after 1d since last 3 } }",
                "1:42 E0001 expected an event name or `any` after `last`, found `3`"},
           Case{"journey j { rule r { after since enter } }",
                "1:28 E0001 expected a duration such as `1d` after `after`, found `since`"},
           Case{"journey j { rule r { when e send \"x\" } }",
                "1:34 E0001 expected a channel name after `send`, found the string `\"x\"`"},
           Case{"journey j { rule r { when e send email } }",
                "1:40 E0001 expected a template name string after `send email`, found `}`"},
           Case{"journey j { rule r { when e emit \"x\" with { a 1 } } }",
                "1:47 E0001 expected `:` after the key `a`, found `1`"},
           Case{"journey j { rule r { when e | } }", "1:31 E0001 expected an event name after `|`, found `}`"},
           Case{"journey j { rule r { limit 1 } }", "1:30 E0001 expected `per` after the count `1`, found `}`"},
           Case{"journey j { rule r { limit 1 per 7 } }",
                "1:34 E0001 expected a duration such as `1d` after `per`, found `7`"},
           Case{"user { plan enum(a) }",
                "1:13 E0001 expected `:` and a type after the field name `plan`, found `enum`"},
           Case{"user { plan: enum(a b) }", "1:21 E0001 expected `,` or `)` in the members of `enum(...)`, found `b`"},
           Case{"import schema", "1:8 E0001 expected a file path string after `import`, found `schema`"},
           Case{"cap on", "2:1 E0001 expected a channel name after `on`, found end of file"},
           Case{"cap per 1d", "1:5 E0001 expected a count such as `1 per 1d` after `cap`, found `per`"},
           Case{"rule r { }",
                "1:1 E0001 expected a declaration (`import`, `user`, `event`, `channel`, `queue`, `cap` or `journey`), "
                "found `rule`"},
       }) {
    Parsed p = parseText(std::string(c.program) + "\n");
    const std::string all = p.diagnostics();
    EXPECT_EQ(all.substr(0, all.find('\n')), c.diagnostic) << c.program << "\n" << all;
  }
}

TEST(Recovery, ReportsIndependentErrorsInDeclarations) {
  Parsed p = parseText("event a {\n  x: nope\n}\nqueue q\nchannel c requires a +\nqueue r\nevent b\n");
  EXPECT_EQ(p.errors(), 2u) << p.diagnostics();
  EXPECT_EQ(p.firstError(), "2:6 E0001");
  EXPECT_NE(p.diagnostics().find("6:1 E0001 expected an expression after `+`, found `queue`"), std::string::npos)
      << p.diagnostics();
  ASSERT_EQ(p.module.decls.size(), 3u) << "the broken declarations are left out";
  EXPECT_TRUE(std::holds_alternative<ast::QueueDecl>(p.module.decls[0]));
  EXPECT_TRUE(std::holds_alternative<ast::QueueDecl>(p.module.decls[1]));
  EXPECT_TRUE(std::holds_alternative<ast::EventDecl>(p.module.decls[2]));
  EXPECT_TRUE(p.module.hadSyntaxErrors);
}

TEST(Recovery, ReportsIndependentErrorsInJourneyItemsAndRules) {
  Parsed p = parseText(R"(event e
journey j {
  enter when e
  goal e within
  rule broken {
    when e
    if count(e where event.x)
    send email "x"
  }
  rule fine { when e emit "ok" }
  rule missing_brace { when e emit "a"
  rule after_it { when e emit "b" }
  holdout 50
  quiet 21:00..08:00
}
queue q
)");
  EXPECT_EQ(p.diagnostics(),
            "5:3 E0001 expected a duration such as `7d` after `within`, found `rule`\n"
            "7:16 E0001 a filter in a history function needs its own parentheses: write `count((E where X))`\n"
            "12:3 E0001 expected a rule clause (`when`, `after`, `if`, `unless`, `limit`, `once`, `send`, `handoff` "
            "or `emit`) or `}` to close rule `missing_brace`, found `rule`\n"
            "13:11 E0001 expected a percentage such as `10%` after `holdout`, found `50`\n");
  ASSERT_EQ(p.module.decls.size(), 3u);
  const auto& journey = std::get<ast::Journey>(p.module.decls[1]);
  std::vector<std::string> kept;
  for (const ast::JourneyItem& item : journey.items)
    if (const auto* rule = std::get_if<ast::Rule>(&item)) kept.emplace_back(rule->name.text);
  EXPECT_EQ(kept, (std::vector<std::string>{"fine", "after_it"}));
  EXPECT_TRUE(std::holds_alternative<ast::QuietItem>(journey.items.back()));
  EXPECT_TRUE(std::holds_alternative<ast::QueueDecl>(p.module.decls[2]));
}

TEST(Recovery, NoCascadeFromAJourneyMissingItsBraces) {
  // The header error skips the whole journey body: one error, then the next declaration.
  Parsed p = parseText("event e\njourney j\n  enter when e\n  rule r { when e emit \"x\" }\n}\nqueue q\n");
  EXPECT_EQ(p.diagnostics(), "3:3 E0001 expected `{` after `journey j`, found `enter`\n");
  EXPECT_TRUE(std::holds_alternative<ast::QueueDecl>(p.module.decls.back()));
  // A journey whose `}` is missing ends at the next top-level declaration.
  Parsed q = parseText(
      "event e\njourney j {\n  enter when e\n  rule r { when e emit \"x\" }\n  rule s { when e\n"
      "journey k { enter when e rule r { when e emit \"y\" } }\n");
  EXPECT_EQ(q.errors(), 1u) << q.diagnostics();
  EXPECT_EQ(q.firstError(), "6:1 E0001");
  ASSERT_EQ(q.module.decls.size(), 3u);
  EXPECT_EQ(std::get<ast::Journey>(q.module.decls[2]).name.text, "k");
  // A rule missing its `{` is skipped up to its `}`.
  Parsed r = parseText(
      "event e\njourney j {\n  enter when e\n  rule r when e emit \"x\" }\n"
      "  rule s { when e emit \"y\" }\n}\nqueue q\n");
  EXPECT_EQ(r.errors(), 1u) << r.diagnostics();
  EXPECT_EQ(r.module.decls.size(), 3u);
}

TEST(Recovery, KeywordsUsedAsNamesAreNotResyncPoints) {
  // `event` and `user` inside the broken clause are field accesses or keys, not declarations.
  Parsed p = parseText(
      "event e\njourney j {\n  enter when e\n  rule r { when e emit \"x\" with { user: event.user, "
      "a: + } }\n  rule s { when e emit \"y\" }\n}\n");
  EXPECT_EQ(p.errors(), 1u) << p.diagnostics();
  const auto& journey = std::get<ast::Journey>(p.module.decls[1]);
  EXPECT_EQ(std::get<ast::Rule>(journey.items.back()).name.text, "s");
}

TEST(Recovery, StopsAtMaxErrors) {
  std::string program;
  for (int i = 0; i < 100; ++i) program += "queue\n";
  Parsed p = parseText(program);
  EXPECT_EQ(p.errors(), 50u);
  ParseOptions options;
  options.maxErrors = 3;
  Parsed q = parseText(program, options);
  EXPECT_EQ(q.errors(), 3u);
  EXPECT_TRUE(q.module.hadSyntaxErrors);
  options.maxErrors = 0;
  Parsed none = parseText(program, options);
  EXPECT_EQ(none.errors(), 0u);
  EXPECT_TRUE(none.module.hadSyntaxErrors);
}

TEST(Recovery, LexicalErrorsAreReportedOnce) {
  Parsed p = parseText("queue a $ queue b\nqueue c\n");
  EXPECT_EQ(p.diagnostics(),
            "1:9 E0002 invalid character `$` (U+0024): outside strings and comments only ASCII letters, digits, "
            "punctuation and whitespace are allowed\n");
  EXPECT_EQ(p.module.decls.size(), 3u);
}

}  // namespace
}  // namespace onb::test
