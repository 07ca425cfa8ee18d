// Tokens and literal values (GRAMMAR.md section 1, LANGUAGE.md section 2) and the
// diagnostics of malformed ones.
#include <gtest/gtest.h>

#include <cmath>
#include <variant>

#include "parse_helpers.hpp"

namespace onb::test {
namespace {

// The single literal `text` parses to, with no diagnostics.
ast::Expr literal(const std::string& text) {
  ParsedExpr p = parseExpr(text);
  EXPECT_EQ(p.parsed.errors(), 0u) << text << "\n" << p.parsed.diagnostics();
  if (p.id == ast::kNoExpr) return {};
  return p.parsed.module.expr(p.id);
}

const ast::Journey& onlyJourney(const Parsed& p) {
  for (const ast::Decl& d : p.module.decls)
    if (const auto* j = std::get_if<ast::Journey>(&d)) return *j;
  static const ast::Journey kNone;
  ADD_FAILURE() << "no journey\n" << p.diagnostics();
  return kNone;
}

template <typename Item>
const Item* firstItem(const Parsed& p) {
  for (const ast::JourneyItem& item : onlyJourney(p).items)
    if (const auto* found = std::get_if<Item>(&item)) return found;
  return nullptr;
}

std::string journeyWith(const std::string& item) {
  return "event e\njourney j {\n  enter when e\n  " + item + "\n  rule r { when e emit \"x\" }\n}\n";
}

TEST(Literals, IntegersKeepTheirMagnitudeAndRange) {
  struct Case {
    const char* text;
    uint64_t value;
    bool negative, outOfRange;
  };
  for (const Case& c : {Case{"0", 0, false, false}, Case{"42", 42, false, false},
                        Case{"9223372036854775807", 9223372036854775807ull, false, false},
                        Case{"9223372036854775808", 9223372036854775808ull, false, true},
                        Case{"-9223372036854775808", 9223372036854775808ull, true, false},
                        Case{"-9223372036854775809", 9223372036854775809ull, true, true},
                        Case{"18446744073709551615", 18446744073709551615ull, false, true},
                        Case{"99999999999999999999999", UINT64_MAX, false, true}, Case{"- 5", 5, true, false},
                        Case{"-0", 0, true, false}}) {
    const ast::Expr e = literal(c.text);
    EXPECT_EQ(e.kind, ast::ExprKind::IntLit) << c.text;
    EXPECT_EQ(e.uintValue, c.value) << c.text;
    EXPECT_EQ(e.negative, c.negative) << c.text;
    EXPECT_EQ(e.outOfRange, c.outOfRange) << c.text;
  }
  // Only `-` directly before the number makes a negative literal.
  EXPECT_EQ(tree("-(9223372036854775808)"), "(- (paren 9223372036854775808!))");
}

TEST(Literals, Floats) {
  EXPECT_DOUBLE_EQ(literal("4.5").floatValue, 4.5);
  const ast::Expr negative = literal("-0.25");
  EXPECT_EQ(negative.kind, ast::ExprKind::FloatLit);
  EXPECT_TRUE(negative.negative);
  EXPECT_DOUBLE_EQ(negative.floatValue, -0.25);
  EXPECT_EQ(literal("0.1").floatValue, 0.1);  // correctly rounded
  const ast::Expr huge = literal(std::string(400, '9') + ".0");
  EXPECT_TRUE(huge.outOfRange);
  EXPECT_TRUE(std::isinf(huge.floatValue));
}

TEST(Literals, DurationsEveryUnitWithMsBeforeM) {
  struct Case {
    const char* text;
    uint64_t count;
    ast::DurationUnit unit;
  };
  for (const Case& c : {Case{"250ms", 250, ast::DurationUnit::Ms}, Case{"30s", 30, ast::DurationUnit::S},
                        Case{"15m", 15, ast::DurationUnit::M}, Case{"2h", 2, ast::DurationUnit::H},
                        Case{"1d", 1, ast::DurationUnit::D}, Case{"1w", 1, ast::DurationUnit::W}}) {
    const ast::Expr e = literal(c.text);
    EXPECT_EQ(e.kind, ast::ExprKind::DurationLit) << c.text;
    EXPECT_EQ(e.uintValue, c.count) << c.text;
    EXPECT_EQ(e.unit, c.unit) << c.text;
    EXPECT_FALSE(e.negative);
  }
  EXPECT_TRUE(literal("-1d").negative);
}

TEST(Literals, DurationRangeIsCheckedAfterMultiplyingByTheUnit) {
  EXPECT_FALSE(literal("106751991167d").outOfRange);  // INT64_MAX ms is 106751991167.3 days
  EXPECT_TRUE(literal("106751991168d").outOfRange);
  EXPECT_TRUE(literal("9223372036854775808ms").outOfRange);
  EXPECT_FALSE(literal("-9223372036854775808ms").outOfRange);
  EXPECT_TRUE(literal("99999999999999999999999w").outOfRange);
  // Outside expressions: ast::Duration.
  Parsed p = parseText(journeyWith("exit after 2w"));
  const auto* exit = firstItem<ast::ExitAfterItem>(p);
  ASSERT_NE(exit, nullptr);
  EXPECT_EQ(exit->after.millis, 14 * 86'400'000LL);
  EXPECT_FALSE(exit->after.outOfRange);
  p = parseText(journeyWith("exit after 106751991168d"));
  ASSERT_NE(firstItem<ast::ExitAfterItem>(p), nullptr);
  EXPECT_TRUE(firstItem<ast::ExitAfterItem>(p)->after.outOfRange);
}

TEST(Literals, StringEscapesAreDecoded) {
  ParsedExpr p = parseExpr(R"("a\"b\\c\nd\te\u{e9}\u{1F600}\u{41}ü")");
  ASSERT_EQ(p.parsed.errors(), 0u) << p.parsed.diagnostics();
  const ast::Expr& e = p.parsed.module.expr(p.id);
  EXPECT_EQ(p.parsed.module.strings[e.stringIndex],
            "a\"b\\c\nd\te\xC3\xA9\xF0\x9F\x98\x80"
            "A\xC3\xBC");
  EXPECT_EQ(literal(R"("")").kind, ast::ExprKind::StringLit);
  // `#` inside a string is not a comment.
  Parsed q = parseText("import \"a#b.onb\" # real\n");
  EXPECT_EQ(q.module.strings.at(0), "a#b.onb");
  ASSERT_EQ(q.module.comments.size(), 1u);
}

TEST(Literals, InvalidEscapesAreReportedWhereTheyAre) {
  struct Case {
    const char* text;
    const char* where;
  };
  for (const Case& c :
       {Case{R"("ab\xc")", "1:23 E0004"}, Case{R"("\u{}")", "1:21 E0004"}, Case{R"("\u{1234567}")", "1:21 E0004"},
        Case{R"("\u{D800}")", "1:21 E0004"}, Case{R"("\u{110000}")", "1:21 E0004"}, Case{R"("\u41")", "1:21 E0004"},
        Case{R"("\u{12")", "1:21 E0004"}}) {
    ParsedExpr p = parseExpr(c.text);
    EXPECT_EQ(p.parsed.firstError(), c.where) << c.text << "\n" << p.parsed.diagnostics();
    EXPECT_EQ(p.parsed.errors(), 1u) << c.text;
    EXPECT_NE(p.id, ast::kNoExpr) << "an invalid escape does not stop parsing";
  }
}

TEST(Literals, UnterminatedStrings) {
  Parsed p = parseText("event e \"Signed Up\nqueue q\n");
  EXPECT_EQ(p.firstError(), "1:9 E0003");
  EXPECT_NE(p.diagnostics().find("unterminated string"), std::string::npos);
  ASSERT_EQ(p.module.decls.size(), 2u) << "`event e` ends before the bad string; recovery resumes at `queue`";
  EXPECT_TRUE(std::holds_alternative<ast::QueueDecl>(p.module.decls[1]));
  // At the end of the file, and after an escaped quote.
  EXPECT_EQ(parseText("import \"abc").firstError(), "1:8 E0003");
  EXPECT_EQ(parseText("import \"abc\\\"").firstError(), "1:8 E0003");
}

TEST(Literals, Timestamps) {
  EXPECT_EQ(literal("@2025-01-01T09:00Z").intValue, 1735722000000);
  EXPECT_EQ(literal("@2025-01-01T09:00:00.250Z").intValue, 1735722000250);
  EXPECT_EQ(literal("@2025-01-01T09:00:00.2509Z").intValue, 1735722000250);  // truncated
  EXPECT_EQ(literal("@2025-01-01T11:00+02:00").intValue, 1735722000000);
  EXPECT_EQ(literal("@2025-01-01T11:00:00+0200").intValue, 1735722000000);
  EXPECT_EQ(literal("@2025-01-01T03:30-05:30").intValue, 1735722000000);
  EXPECT_EQ(tree("@2025-01-01T09:00Z-1d"), "(- @1735722000000 1d)") << "`-` is not part of the timestamp";
  for (const char* bad : {"@2025-02-30T00:00Z", "@2025-01-01T24:00Z", "@2025-13-01T00:00Z", "@0000-01-01T00:00Z",
                          "@9999-12-31T23:59:59.999-01:00"})
    EXPECT_EQ(parseExpr(bad).parsed.firstError(), "1:20 E0007") << bad;
  for (const char* malformed : {"@2025-01-01", "@2025-01-01T09:00", "@2025-1-01T09:00Z", "@2025-01-01T09:00:0Z"})
    EXPECT_EQ(parseExpr(malformed).parsed.firstError(), "1:20 E0007") << malformed;
}

TEST(Literals, PercentagesAreExactHundredths) {
  struct Case {
    const char* text;
    uint64_t hundredths;
    bool exact, outOfRange;
  };
  for (const Case& c : {Case{"10%", 1000, true, false}, Case{"2.55%", 255, true, false}, Case{"2.5%", 250, true, false},
                        Case{"2.555%", 256, false, false}, Case{"2.550%", 255, true, false},
                        Case{"0.001%", 1, false, false}, Case{"0%", 0, true, false}, Case{"100%", 10000, true, false},
                        Case{"100.001%", 10001, false, true}, Case{"250%", UINT64_MAX, true, true}}) {
    Parsed p = parseText(journeyWith(std::string("holdout ") + c.text));
    EXPECT_EQ(p.errors(), 0u) << c.text << "\n" << p.diagnostics();
    const auto* holdout = firstItem<ast::HoldoutItem>(p);
    ASSERT_NE(holdout, nullptr) << c.text;
    if (c.hundredths != UINT64_MAX) {
      EXPECT_EQ(holdout->percent.hundredths, c.hundredths) << c.text;
    }
    EXPECT_EQ(holdout->percent.exact, c.exact) << c.text;
    EXPECT_EQ(holdout->percent.outOfRange, c.outOfRange) << c.text;
  }
}

TEST(Literals, ClockTimes) {
  Parsed p = parseText(journeyWith("quiet 21:30..08:05"));
  const auto* quiet = firstItem<ast::QuietItem>(p);
  ASSERT_NE(quiet, nullptr);
  EXPECT_EQ(quiet->start.minutes, 21 * 60 + 30);
  EXPECT_EQ(quiet->end.minutes, 8 * 60 + 5);
  EXPECT_EQ(parseText(journeyWith("quiet 00:00..23:59")).errors(), 0u);
  EXPECT_EQ(parseText(journeyWith("quiet 24:00..08:00")).firstError(), "4:9 E0006");
  EXPECT_EQ(parseText(journeyWith("quiet 08:00..12:60")).firstError(), "4:16 E0006");
  EXPECT_EQ(parseText(journeyWith("quiet 8:00..12:00")).firstError(), "4:9 E0001");
}

TEST(Literals, InvalidNumbers) {
  for (const char* bad : {"1.5h", "10x", "1mss", "1e5", "3_", "2.5d"}) {
    ParsedExpr p = parseExpr(bad);
    EXPECT_EQ(p.parsed.firstError(), "1:20 E0005") << bad << "\n" << p.parsed.diagnostics();
    EXPECT_NE(p.parsed.diagnostics().find(std::string("`") + bad + "`"), std::string::npos) << bad;
  }
}

TEST(Literals, DigitTokensFollowTheLexingOrder) {
  EXPECT_EQ(tree("7 % 2"), "(% 7 2)");
  EXPECT_EQ(tree("x%2"), "(% x 2)");
  EXPECT_EQ(parseExpr("7%2").parsed.firstError(), "1:20 E0011");
  EXPECT_EQ(parseExpr("1 + 7.5%").parsed.firstError(), "1:24 E0011");
  // A clock time is one token, valid only after `quiet`.
  const std::string clock = parseExpr("x == 12:30").parsed.diagnostics();
  EXPECT_NE(clock.find("found the clock time `12:30`"), std::string::npos) << clock;
  EXPECT_EQ(tree("1ms + 1m"), "(+ 1ms 1m)");
}

TEST(Lexical, InvalidCharacters) {
  EXPECT_EQ(parseExpr("a $ b").parsed.firstError(), "1:22 E0002");
  const std::string accented = parseExpr("caf\xC3\xA9").parsed.diagnostics();
  EXPECT_NE(accented.find("invalid character `\xC3\xA9` (U+00E9)"), std::string::npos) << accented;
  EXPECT_EQ(parseExpr("a ! b").parsed.firstError(), "1:22 E0002");
  EXPECT_EQ(parseExpr("a != b").parsed.errors(), 0u);
  EXPECT_EQ(parseText("queue q ;\n").firstError(), "1:9 E0002");
  EXPECT_EQ(parseText("queue q\n@\n").firstError(), "2:1 E0002");
}

TEST(Lexical, CommentsAreCollected) {
  Parsed p = parseText("# first\nevent e # second\r\n  # third\nqueue q # last, no newline");
  ASSERT_EQ(p.errors(), 0u) << p.diagnostics();
  ASSERT_EQ(p.module.comments.size(), 4u);
  const auto text = [&](size_t i) {
    const Span s = p.module.comments[i].span;
    return std::string(p.source().text().substr(s.begin, s.end - s.begin));
  };
  EXPECT_EQ(text(0), "# first");
  EXPECT_EQ(text(1), "# second") << "the CR of CRLF is not part of the comment";
  EXPECT_EQ(text(2), "# third");
  EXPECT_EQ(text(3), "# last, no newline");
  // Spans stop before trailing comments.
  const auto& event = std::get<ast::EventDecl>(p.module.decls[0]);
  EXPECT_EQ(p.source().text().substr(event.span.begin, event.span.end - event.span.begin), "event e");
}

TEST(Lexical, Annotations) {
  Parsed p = parseText("user { ssn: string? @sensitive\n  nick: string @secret }\n");
  EXPECT_EQ(p.firstError(), "2:16 E0012");
  ASSERT_EQ(p.module.decls.size(), 1u);
  const auto& user = std::get<ast::UserDecl>(p.module.decls[0]);
  ASSERT_EQ(user.fields.size(), 2u);
  ASSERT_EQ(user.fields[0].annotations.size(), 1u);
  EXPECT_EQ(user.fields[0].annotations[0].text, "sensitive");
  EXPECT_TRUE(user.fields[1].annotations.empty()) << "an unknown annotation is not kept";
}

}  // namespace
}  // namespace onb::test
