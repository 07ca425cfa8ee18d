// Hostile input: whatever the bytes, parse() returns, without crashing, hanging, or using
// stack in proportion to the input (GRAMMAR.md is silent; see ParseOptions).
#include <gtest/gtest.h>

#include <chrono>
#include <variant>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "parse_helpers.hpp"

namespace onb::test {
namespace {

constexpr size_t kTenMegabytes = 10u << 20;

#if defined(__GLIBC__)
// The large tests allocate and free hundreds of MB several times; keeping freed memory in
// the heap instead of returning it to the system makes them several times faster where
// page faults are slow (virtual machines).
const bool kKeepFreedMemory = [] {
  mallopt(M_MMAP_MAX, 0);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  return true;
}();
#endif

// `channel c requires ` followed by `first` and then `next` repeated up to about 10 MB.
std::string hugeRequirement(const std::string& first, const std::string& next, const std::string& last = "") {
  std::string text = "channel c requires ";
  text.reserve(kTenMegabytes + 64);
  text += first;
  while (text.size() < kTenMegabytes) text += next;
  text += last;
  text += '\n';
  return text;
}

const ast::Expr& requirement(const Parsed& p) {
  const auto& channel = std::get<ast::ChannelDecl>(p.module.decls.at(0));
  return p.module.expr(channel.requirement);
}

TEST(HostileInput, EmptyAndTriviaOnlyFiles) {
  for (const char* text : {"", "   \n\t\r\n", "# only a comment", "# comment\n# another\n"}) {
    Parsed p = parseText(text);
    EXPECT_EQ(p.errors(), 0u) << p.diagnostics();
    EXPECT_TRUE(p.module.decls.empty());
    EXPECT_FALSE(p.module.hadSyntaxErrors);
  }
  EXPECT_EQ(parseText("# a comment at the end without newline").module.comments.size(), 1u);
  EXPECT_EQ(parseText("queue q # trailing").module.decls.size(), 1u);
}

TEST(HostileInput, InvalidUtf8IsReportedWithItsLocation) {
  struct Case {
    std::string text;
    const char* where;
  };
  for (const Case& c : {Case{"queue q\n# caf\xE9\n", "2:6 E0009"}, Case{"\xFF", "1:1 E0009"},
                        Case{"event e \"\xC0\x80\"", "1:10 E0009"},     // overlong
                        Case{"# \xED\xA0\x80 surrogate", "1:3 E0009"},  // UTF-16 surrogate
                        Case{"queue q # \xF0\x9F\x98", "1:11 E0009"},   // truncated at the end
                        Case{"# \xF4\x90\x80\x80 above U+10FFFF", "1:3 E0009"}}) {
    Parsed p = parseText(c.text);
    EXPECT_EQ(p.firstError(), c.where);
    EXPECT_EQ(p.errors(), 1u);
    EXPECT_TRUE(p.module.hadSyntaxErrors);
  }
  // Valid multi-byte text is fine in strings and comments, and counted as one column.
  Parsed ok = parseText("# caf\xC3\xA9 \xF0\x9F\x98\x80\nevent e \"\xC3\xA9\" $");
  EXPECT_EQ(ok.firstError(), "2:13 E0002");
}

TEST(HostileInput, NulBytes) {
  Parsed outside = parseText(std::string("queue a\n\0queue b\n", 17));
  EXPECT_EQ(outside.firstError(), "2:1 E0002");
  EXPECT_NE(outside.diagnostics().find("U+0000"), std::string::npos);
  EXPECT_EQ(outside.module.decls.size(), 2u);
  Parsed inString = parseText(std::string("import \"a\0b\"\n# c\0d\n", 19));
  EXPECT_EQ(inString.errors(), 0u) << inString.diagnostics();
  EXPECT_EQ(inString.module.strings.at(0), std::string("a\0b", 3));
}

TEST(HostileInput, UnterminatedConstructsAtTheEnd) {
  for (const char* text : {"import \"abc", "journey j {", "journey j { rule r {", "event e {", "channel c requires (",
                           "channel c requires count((e where", "user { a: enum(", "cap 1 per", "event e \"\\"}) {
    Parsed p = parseText(text);
    EXPECT_EQ(p.errors(), 1u) << text << "\n" << p.diagnostics();
  }
}

TEST(HostileInput, DeepNestingIsBoundedNotAStackOverflow) {
  const auto nested = [](const std::string& open, int depth, const std::string& close) {
    std::string text;
    for (int i = 0; i < depth; ++i) text += open;
    text += "a";
    for (int i = 0; i < depth; ++i) text += close;
    return text;
  };
  for (const auto& [open, close] : std::initializer_list<std::pair<std::string, std::string>>{{"(", ")"},
                                                                                              {"f(", ")"},
                                                                                              {"(e where ", ")"},
                                                                                              {"count((e where ", "))"},
                                                                                              {"not (", ")"},
                                                                                              {"-(", ")"},
                                                                                              {"(", " + 1)"}}) {
    ParsedExpr ok = parseExpr(nested(open, 100, close));
    EXPECT_EQ(ok.parsed.errors(), 0u) << open << ok.parsed.diagnostics();
    ParsedExpr deep = parseExpr(nested(open, 10'000, close));
    EXPECT_EQ(deep.parsed.errors(), 1u) << open;
    ASSERT_FALSE(deep.parsed.sink.diagnostics().empty());
    EXPECT_EQ(deep.parsed.sink.diagnostics()[0].kind, DiagKind::NestingTooDeep) << open;
  }
  // Exactly maxNesting levels are allowed.
  EXPECT_EQ(parseExpr(nested("(", 256, ")")).parsed.errors(), 0u);
  EXPECT_EQ(parseExpr(nested("(", 257, ")")).parsed.firstError(), "1:276 E0008");
  ParseOptions shallow;
  shallow.maxNesting = 3;
  EXPECT_EQ(parseText("channel c requires f(g(h(i(1))))\nqueue q\n", shallow).firstError(), "1:26 E0008");
  EXPECT_EQ(parseText("channel c requires f(g(h(i(1))))\nqueue q\n", shallow).module.decls.size(), 1u);
}

// 10 MB operator chains parse with loops, not recursion, and fold to the right shape; the
// printers, which are iterative too, handle the resulting million-level-deep trees. (These
// trees take hundreds of MB; the Large suite can be filtered out when iterating locally.)
TEST(HostileInputLarge, TenMegabyteChains) {
  struct Chain {
    std::string next;
    const char* rootOp;
  };
  for (const Chain& c : {Chain{" + a", "+"}, Chain{" ?? a", "??"}, Chain{" and a", "and"}, Chain{" or a", "or"}}) {
    Parsed p = parseText(hugeRequirement("a", c.next));
    ASSERT_EQ(p.errors(), 0u) << c.next;
    const ast::Expr& root = requirement(p);
    EXPECT_EQ(root.kind, ast::ExprKind::Binary);
    EXPECT_EQ(ast::opText(root.binaryOp), c.rootOp);
    // Left-associative chains grow to the left, `??` to the right.
    const bool right = c.next == " ?? a";
    EXPECT_EQ(p.module.expr(right ? root.rhs : root.lhs).kind, ast::ExprKind::Binary) << c.next;
    EXPECT_EQ(p.module.expr(right ? root.lhs : root.rhs).kind, ast::ExprKind::Name) << c.next;
    if (c.next == " + a") {
      const ast::ExprId id = std::get<ast::ChannelDecl>(p.module.decls[0]).requirement;
      EXPECT_EQ(exprToSource(p.module, id).size() + 20, p.source().text().size());
      EXPECT_GT(p.ast().size(), p.source().text().size());
    }
  }
  for (const std::string prefix : {"not ", "- "}) {
    Parsed p = parseText(hugeRequirement("", prefix, "a"));
    ASSERT_EQ(p.errors(), 0u) << prefix;
    const ast::Expr& root = requirement(p);
    EXPECT_EQ(root.kind, ast::ExprKind::Unary);
    EXPECT_EQ(p.module.expr(root.lhs).kind, ast::ExprKind::Unary);
    EXPECT_EQ(exprToSource(p.module, std::get<ast::ChannelDecl>(p.module.decls[0]).requirement).substr(0, 8),
              prefix == "- " ? "- - - - " : "not not ");
  }
}

TEST(HostileInputLarge, TenMegabyteProgram) {
  std::string text = "event e { n: int }\nchannel email\n";
  for (int j = 0; text.size() < kTenMegabytes; ++j) {
    text += "journey j" + std::to_string(j) + " {\n  enter when e\n";
    for (int r = 0; r < 50; ++r)
      text += "  rule r" + std::to_string(r) + " { when e where event.n > " + std::to_string(r) +
              " send email \"hello\" with { n: event.n } }  # comment\n";
    text += "}\n";
  }
  const auto start = std::chrono::steady_clock::now();
  Parsed p = parseText(text);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(p.errors(), 0u);
  EXPECT_GT(p.module.decls.size(), 1000u);
#ifdef NDEBUG
  EXPECT_LT(seconds, 3.0);  // about 0.3 s; sanitizer builds are much slower
#else
  (void)seconds;
#endif
}

// Random tokens and bytes: errors are reported (capped by maxErrors), nothing breaks.
TEST(HostileInput, RandomTokens) {
  static const char* const kPieces[] = {"journey", "rule", "when", "event", "user", "{",     "}",     "(",      ")",
                                        "[",       "]",    "\"",   "#",     "\n",   "@",     "%",     "7%",     "-",
                                        "+",       "??",   ":",    "x",     "1d",   "12:00", "\\",    "\0",     "\xff",
                                        "enter",   "send", "with", "not",   "in",   ",",     "where", "within", " "};
  uint32_t state = 12345;
  for (int round = 0; round < 20; ++round) {
    std::string text;
    while (text.size() < 20000) {
      state = state * 1103515245 + 12345;
      const char* piece = kPieces[(state >> 16) % (sizeof kPieces / sizeof kPieces[0])];
      if (piece == kPieces[25])
        text += '\0';  // a NUL byte
      else
        text += piece;
      text += (state >> 8) % 3 == 0 ? "\n" : " ";
    }
    Parsed p = parseText(text);
    EXPECT_GE(p.errors(), 1u);
    EXPECT_LE(p.errors(), 50u);
  }
}

}  // namespace
}  // namespace onb::test
