// Expressions (GRAMMAR.md sections 4 and 6): every form, precedence and associativity,
// the AST conventions, and their syntax errors.
#include <gtest/gtest.h>

#include "parse_helpers.hpp"

namespace onb::test {
namespace {

struct Case {
  const char* source;
  const char* tree;
};

void expectTrees(std::initializer_list<Case> cases) {
  for (const Case& c : cases) {
    EXPECT_EQ(tree(c.source), c.tree) << c.source;
    ParsedExpr p = parseExpr(c.source);
    if (p.parsed.errors() == 0) expectRoundTrip(p.parsed.module, p.id);
  }
}

TEST(Expressions, PrecedenceLoosestFirst) {
  expectTrees({
      {"a or b and c", "(or a (and b c))"},
      {"a and b or c", "(or (and a b) c)"},
      {"not a and b", "(and (not a) b)"},
      {"not a or not b", "(or (not a) (not b))"},
      {"not a == b", "(not (== a b))"},
      {"a == b and c != d", "(and (== a b) (!= c d))"},
      {"x ?? 0 > 3", "(> (?? x 0) 3)"},
      {"a < b ?? c", "(< a (?? b c))"},
      {"a ?? b + c", "(?? a (+ b c))"},
      {"a + b ?? c", "(?? (+ a b) c)"},
      {"a + b * c", "(+ a (* b c))"},
      {"a * b + c", "(+ (* a b) c)"},
      {"-a * b", "(* (- a) b)"},
      {"a - -b", "(- a (- b))"},
      {"user.x <= 3", "(<= user.x 3)"},
      {"user.plan in [\"pro\"] or now >= entered_at", "(or (in user.plan [ \"pro\"]) (>= now entered_at))"},
      {"(a or b) and c", "(and (paren (or a b)) c)"},
  });
}

TEST(Expressions, Associativity) {
  expectTrees({
      {"a or b or c", "(or (or a b) c)"},
      {"a and b and c", "(and (and a b) c)"},
      {"a - b - c", "(- (- a b) c)"},
      {"a + b - c + d", "(+ (- (+ a b) c) d)"},
      {"a / b % c * d", "(* (% (/ a b) c) d)"},
      {"a ?? b ?? c", "(?? a (?? b c))"},
      {"a ?? b ?? c ?? d", "(?? a (?? b (?? c d)))"},
      {"not not a", "(not (not a))"},
      {"- - a", "(- (- a))"},
  });
}

TEST(Expressions, UnaryMinusFormsOneNegativeLiteral) {
  expectTrees({
      {"-1", "-1"},
      {"- 1", "-1"},
      {"-1.5", "f-1.5"},
      {"-1d", "-1d"},
      {"- -1", "(- -1)"},
      {"--1", "(- -1)"},
      {"- - -1d", "(- (- -1d))"},
      {"-(1)", "(- (paren 1))"},
      {"-x", "(- x)"},
      {"a -1", "(- a 1)"},
      {"a - -1", "(- a -1)"},
      {"x * -2", "(* x -2)"},
      {"-count(e)", "(- (call count e))"},
  });
}

TEST(Expressions, Fields) {
  expectTrees({
      {"user.plan", "user.plan"},
      {"event.step", "event.step"},
      {"user . plan", "user.plan"},
      {"event.limit >= user.where", "(>= event.limit user.where)"},
      {"event.in ?? event.not", "(?? event.in event.not)"},
      {"user.id", "user.id"},
  });
}

TEST(Expressions, EventReferencesAndWithin) {
  expectTrees({
      {"project_created", "project_created"},
      {"e within 1d", "(within e 1d)"},
      {"e within 1d + 1h", "(+ (within e 1d) 1h)"},
      {"e within -1d", "(within e -1d)"},
      {"e within - x", "(within e (- x))"},
      {"e within user.window", "(within e user.window)"},
      {"(e)", "(paren e)"},
      {"((e))", "(paren (paren e))"},
      {"(e) within 1d", "(within (ref e) 1d)"},
      {"(e where event.n > 1)", "(ref e (> event.n 1))"},
      {"(e where event.n > 1) within 7d", "(within (ref e (> event.n 1)) 7d)"},
      {"(e where (f where event.x)) within 1d", "(within (ref e (ref f event.x)) 1d)"},
      {"not e within 1h", "(not (within e 1h))"},
      {"(a + b)", "(paren (+ a b))"},
  });
}

TEST(Expressions, Calls) {
  expectTrees({
      {"lower(user.name) == \"x\"", "(== (call lower user.name) \"x\")"},
      {"min(a, max(b, 1))", "(call min a (call max b 1))"},
      {"f()", "(call f)"},
      {"len( \"ab\" )", "(call len \"ab\")"},
      {"since(e) > 1d", "(> (call since e) 1d)"},
      {"count(e)", "(call count e)"},
      {"count(e within 7d) >= 2", "(>= (call count (within e 7d)) 2)"},
      {"count((e))", "(call count (paren e))"},
      {"count((e) within 1d)", "(call count (within (ref e) 1d))"},
      {"count((e where event.step == \"billing\") within 1d)",
       "(call count (within (ref e (== event.step \"billing\")) 1d))"},
      {"first_time(e) ?? now", "(?? (call first_time e) now)"},
      {"last_time((e where true))", "(call last_time (ref e true))"},
      {"count(now)", "(call count now)"},
  });
}

TEST(Expressions, InLists) {
  expectTrees({
      {"x in [1, 2]", "(in x [ 1 2])"},
      {"x in []", "(in x [])"},
      {"x in [1,]", "(in x [ 1])"},
      {"x in [-1, 2.5, \"a\", true, false, 1d, @2025-01-01T00:00Z, member]",
       "(in x [ -1 f2.5 \"a\" true false 1d @1735689600000 member])"},
      {"a + b in [3]", "(in (+ a b) [ 3])"},
      {"not x in [1]", "(not (in x [ 1]))"},
  });
}

TEST(Expressions, Literals) {
  expectTrees({
      {"true and false", "(and true false)"},
      {"\"a\" + \"b\"", "(+ \"a\" \"b\")"},
      {"now - @2025-01-01T00:00:00Z > 1w", "(> (- now @1735689600000) 1w)"},
      {"4.5 * 2", "(* f4.5 2)"},
  });
}

TEST(Expressions, ComparisonsDoNotChain) {
  for (const char* chained :
       {"a < b < c", "a == b == c", "a == b in [1]", "a in [1] == b", "a in [1] in [2]", "(a < b) < c < d"}) {
    ParsedExpr p = parseExpr(chained);
    EXPECT_EQ(p.parsed.errors(), 1u) << chained << "\n" << p.parsed.diagnostics();
    ASSERT_FALSE(p.parsed.sink.diagnostics().empty());
    EXPECT_EQ(p.parsed.sink.diagnostics()[0].kind, DiagKind::ChainedComparison) << chained;
  }
  EXPECT_EQ(parseExpr("a < b < c").parsed.firstError(), "1:26 E0010");
  EXPECT_EQ(tree("(a < b) < c"), "(< (paren (< a b)) c)");
  EXPECT_EQ(tree("a < b and b < c"), "(and (< a b) (< b c))");
}

TEST(Expressions, SyntaxErrorsSayWhatWasExpected) {
  struct Error {
    const char* source;
    const char* message;  // the first diagnostic, with its position
  };
  for (const Error& e : {
           Error{"a +", "2:1 E0001 expected an expression after `+`, found end of file"},
           Error{"a + )", "1:24 E0001 expected an expression after `+`, found `)`"},
           Error{"a and", "2:1 E0001 expected an expression after `and`, found end of file"},
           Error{"not", "2:1 E0001 expected an expression after `not`, found end of file"},
           Error{"- )", "1:22 E0001 expected an expression after `-`, found `)`"},
           Error{"(a", "2:1 E0001 expected `)` to close the parenthesis, found end of file"},
           Error{"e within", "2:1 E0001 expected a duration such as `1d` after `within`, found end of file"},
           Error{"e within )", "1:29 E0001 expected a duration such as `1d` after `within`, found `)`"},
           Error{"count(e where x)",
                 "1:28 E0001 a filter in a history function needs its own parentheses: write `count((E where X))`"},
           Error{
               "count(1)",
               "1:26 E0001 expected an event name, `(E)` or `(E where X)` as the argument of `count(...)`, found `1`"},
           Error{"count(e, 1)",
                 "1:27 E0001 expected `)` to close `count(...)` (its argument is one event, optionally with `within "
                 "D`), found `,`"},
           Error{"f(1,)", "1:24 E0001 expected an argument after `,`, found `)`"},
           Error{"f(1 2)", "1:24 E0001 expected `,` or `)` in the arguments of `f(...)`, found `2`"},
           Error{"(e where )", "1:29 E0001 expected a filter condition after `where`, found `)`"},
           Error{"user", "2:1 E0001 expected `.` and a field name after `user`, found end of file"},
           Error{"user.5", "1:25 E0001 expected a field name after `user.`, found `5`"},
           Error{"x in 1", "1:25 E0001 expected `[` after `in`, found `1`"},
           Error{"x in [1 + 2]", "1:28 E0001 expected a literal or `]` to close the list after `in`, found `+`"},
           Error{"x in [- y]", "1:28 E0001 expected a number after `-`, found `y`"},
           Error{"since", "1:20 E0001 expected a condition after `requires`, found `since`"},
           Error{"a = b",
                 "1:22 E0001 expected a declaration (`import`, `user`, `event`, `channel`, `queue`, `cap` or "
                 "`journey`), found `=`"},
       }) {
    ParsedExpr p = parseExpr(e.source);
    const std::string all = p.parsed.diagnostics();
    EXPECT_EQ(all.substr(0, all.find('\n')), e.message) << e.source << "\n" << all;
  }
}

TEST(Expressions, CanonicalSource) {
  struct Canon {
    const char* source;
    const char* text;
  };
  for (const Canon& c : {
           Canon{"a+b*c", "a + b * c"},
           Canon{"not(a)", "not (a)"},
           Canon{"- 1", "-1"},
           Canon{"--1", "- -1"},
           Canon{"- - x", "- -x"},
           Canon{"-(-1)", "-(-1)"},
           Canon{"4.50", "4.5"},
           Canon{"1.0", "1.0"},
           Canon{"0.1 + 100000000000000000000.0", "0.1 + 100000000000000000000.0"},
           Canon{"90m", "90m"},
           Canon{"\"a\\\"b\\\\c\\nd\\te\"", "\"a\\\"b\\\\c\\nd\\te\""},
           Canon{"\"\\u{1}\\u{e9}\"", "\"\\u{1}\xC3\xA9\""},
           Canon{"@2025-01-01T11:00+02:00", "@2025-01-01T09:00:00.000Z"},
           Canon{"count( ( e where event.n>1 ) within 1d )", "count((e where event.n > 1) within 1d)"},
           Canon{"x in [ -1 , 2 , ]", "x in [-1, 2]"},
           Canon{"user . plan", "user.plan"},
           Canon{"since(e)", "since(e)"},
           Canon{"f()", "f()"},
       })
    EXPECT_EQ(canonical(c.source), c.text) << c.source;
}

// A tree the parser would not build (a formatter rewrite, say) still prints as source that
// means the same: parentheses are added where needed.
TEST(Expressions, CanonicalSourceParenthesisesHandBuiltTrees) {
  ParsedExpr p = parseExpr("a + b");
  ast::Module& m = p.parsed.module;
  const ast::ExprId sum = p.id;
  ast::Expr c;
  c.kind = ast::ExprKind::Name;
  c.name.text = "c";
  m.exprs.push_back(c);
  ast::Expr product;
  product.kind = ast::ExprKind::Binary;
  product.binaryOp = ast::BinaryOp::Mul;
  product.lhs = sum;
  product.rhs = static_cast<ast::ExprId>(m.exprs.size() - 1);
  m.exprs.push_back(product);
  EXPECT_EQ(exprToSource(m, static_cast<ast::ExprId>(m.exprs.size() - 1)), "(a + b) * c");
  ast::Expr negated;
  negated.kind = ast::ExprKind::Unary;
  negated.unaryOp = ast::UnaryOp::Neg;
  negated.lhs = sum;
  m.exprs.push_back(negated);
  EXPECT_EQ(exprToSource(m, static_cast<ast::ExprId>(m.exprs.size() - 1)), "-(a + b)");
  ast::Expr right;
  right.kind = ast::ExprKind::Binary;
  right.binaryOp = ast::BinaryOp::Sub;
  right.lhs = product.rhs;
  right.rhs = sum;
  m.exprs.push_back(right);
  EXPECT_EQ(exprToSource(m, static_cast<ast::ExprId>(m.exprs.size() - 1)), "c - (a + b)");
}

}  // namespace
}  // namespace onb::test
