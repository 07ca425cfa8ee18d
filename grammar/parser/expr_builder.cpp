// Expression nodes: literals are pushed on the operand stack, operators fold the operands
// they complete (see parse_state.hpp).
#include <limits>

#include "grammar/parser/literal_values.hpp"
#include "grammar/parser/parse_state.hpp"
#include "grammar/parser/token_lexer.hpp"
#include "stdlib/civil_time.hpp"

namespace onb::parser {

ast::ExprId ParseState::addExpr(const ast::Expr& expr) {
  module.exprs.push_back(expr);
  return static_cast<ast::ExprId>(module.exprs.size() - 1);
}

ast::ExprId ParseState::popOperand() {
  const ast::ExprId id = operands.back();
  operands.pop_back();
  return id;
}

void ParseState::pushNumber(const char* minus, const char* number) {
  const std::string_view text = tokenText(number);
  const TokenKind kind = lexToken(number, textEnd()).kind;
  ast::Expr e;
  e.negative = minus != nullptr;
  e.span = span(offset(minus ? minus : number), offset(number) + static_cast<uint32_t>(text.size()));
  if (kind == TokenKind::Float) {
    bool finite = true;
    const double value = parseFloat(text, finite);
    e.kind = ast::ExprKind::FloatLit;
    e.floatValue = e.negative ? -value : value;
    e.outOfRange = !finite;
  } else if (kind == TokenKind::Duration) {
    const DurationValue d = parseDuration(text);
    e.kind = ast::ExprKind::DurationLit;
    e.uintValue = d.count.value;
    e.unit = d.unit;
    e.outOfRange = !d.millisFit || !fitsSigned(d.millis, e.negative);
  } else {
    const DigitsValue d = parseDigits(text);
    e.kind = ast::ExprKind::IntLit;
    e.uintValue = d.value;
    e.outOfRange = !d.fits || !fitsSigned(d.value, e.negative);
  }
  pushOperand(addExpr(e));
}

ast::StringLiteral ParseState::stringAt(const char* p) {
  const std::string_view text = tokenText(p);
  std::vector<StringProblem> problems;
  std::string decoded = decodeString(text, problems);
  for (const StringProblem& problem : problems)
    report(DiagKind::InvalidEscape, span(offset(p) + problem.begin, offset(p) + problem.end), problem.message);
  module.strings.push_back(std::move(decoded));
  return ast::StringLiteral{static_cast<uint32_t>(module.strings.size() - 1), tokenSpan(p)};
}

ast::Duration ParseState::durationAt(const char* p) const {
  const DurationValue d = parseDuration(tokenText(p));
  ast::Duration out;
  out.count = d.count.value;
  out.unit = d.unit;
  out.outOfRange = !d.millisFit || !fitsSigned(d.millis, false);
  out.millis = out.outOfRange ? 0 : static_cast<int64_t>(d.millis);
  out.span = tokenSpan(p);
  return out;
}

void ParseState::pushString(const char* p) {
  const ast::StringLiteral s = stringAt(p);
  ast::Expr e;
  e.kind = ast::ExprKind::StringLit;
  e.span = s.span;
  e.stringIndex = s.index;
  pushOperand(addExpr(e));
}

void ParseState::pushTimestamp(const char* p) {
  const std::string_view text = tokenText(p);
  ast::Expr e;
  e.kind = ast::ExprKind::TimeLit;
  e.span = tokenSpan(p);
  int64_t millis = 0;
  switch (civil::parseIso(text.substr(1), millis)) {
    case civil::IsoError::None:
      e.intValue = millis;
      break;
    case civil::IsoError::Syntax:
      report(DiagKind::InvalidTimestamp, e.span,
             "invalid timestamp `" + std::string(text) +
                 "`: not a real date and time (months 01-12, hours 00-23, minutes and seconds 00-59, year 0001 "
                 "or later)");
      break;
    case civil::IsoError::Range:
      report(DiagKind::InvalidTimestamp, e.span,
             "invalid timestamp `" + std::string(text) + "`: outside the years 0001-9999 (UTC)");
      break;
  }
  pushOperand(addExpr(e));
}

void ParseState::pushBool(const char* p, bool value) {
  ast::Expr e;
  e.kind = ast::ExprKind::BoolLit;
  e.span = tokenSpan(p);
  e.boolValue = value;
  pushOperand(addExpr(e));
}

void ParseState::pushName(const char* p) {
  ast::Expr e;
  e.kind = ast::ExprKind::Name;
  e.name = identAt(p);
  e.span = e.name.span;
  pushOperand(addExpr(e));
}

void ParseState::pushField(const char* begin, const char* end, bool user) {
  (void)end;
  ast::Expr e;
  e.kind = user ? ast::ExprKind::UserField : ast::ExprKind::EventField;
  e.name = identAt(nextToken(nextToken(begin)));  // user . NAME
  e.span = span(offset(begin), e.name.span.end);
  pushOperand(addExpr(e));
}

void ParseState::pushParenName(const char* begin, const char* end) {
  pushName(nextToken(begin));
  pushParen(begin, end);
}

void ParseState::pushEventRef(const char* begin, const char* end, bool filtered) {
  ast::Expr e;
  e.kind = ast::ExprKind::EventRef;
  e.name = identAt(nextToken(begin));
  e.lhs = filtered ? popOperand() : ast::kNoExpr;
  e.span = rangeSpan(begin, end);
  pushOperand(addExpr(e));
}

void ParseState::pushParen(const char* begin, const char* end) {
  ast::Expr e;
  e.kind = ast::ExprKind::Paren;
  e.lhs = popOperand();
  e.span = rangeSpan(begin, end);
  pushOperand(addExpr(e));
}

void ParseState::foldBinary(ast::BinaryOp op) {
  ast::Expr e;
  e.kind = ast::ExprKind::Binary;
  e.binaryOp = op;
  e.rhs = popOperand();
  e.lhs = popOperand();
  e.span = Span::cover(module.exprs[e.lhs].span, module.exprs[e.rhs].span);
  pushOperand(addExpr(e));
}

void ParseState::foldWithin() {
  ast::Expr e;
  e.kind = ast::ExprKind::Within;
  e.rhs = popOperand();
  e.lhs = popOperand();
  e.span = Span::cover(module.exprs[e.lhs].span, module.exprs[e.rhs].span);
  pushOperand(addExpr(e));
}

void ParseState::foldCoalesce() {
  const uint32_t mark = marks.back();
  marks.pop_back();
  if (operands.size() - mark < 2) return;
  // `a ?? b ?? c` is `a ?? (b ?? c)`: fold from the right, iteratively.
  ast::ExprId acc = operands.back();
  for (size_t i = operands.size() - 1; i-- > mark;) {
    ast::Expr e;
    e.kind = ast::ExprKind::Binary;
    e.binaryOp = ast::BinaryOp::Coalesce;
    e.lhs = operands[i];
    e.rhs = acc;
    e.span = Span::cover(module.exprs[e.lhs].span, module.exprs[e.rhs].span);
    acc = addExpr(e);
  }
  operands.resize(mark);
  pushOperand(acc);
}

void ParseState::foldPrefixes(ast::UnaryOp op) {
  const uint32_t mark = prefixMarks.back();
  prefixMarks.pop_back();
  ast::ExprId acc = popOperand();
  for (size_t i = prefixOps.size(); i-- > mark;) {
    ast::Expr e;
    e.kind = ast::ExprKind::Unary;
    e.unaryOp = op;
    e.lhs = acc;
    e.span = span(prefixOps[i], module.exprs[acc].span.end);
    acc = addExpr(e);
  }
  prefixOps.resize(mark);
  pushOperand(acc);
}

void ParseState::beginCall(const char* name) {
  calls.push_back(PendingCall{identAt(name), static_cast<uint32_t>(operands.size())});
}

void ParseState::finishCall(const char* begin, const char* end) {
  const PendingCall call = calls.back();
  calls.pop_back();
  ast::Expr e;
  e.kind = ast::ExprKind::Call;
  e.name = call.name;
  e.span = rangeSpan(begin, end);
  e.argsBegin = static_cast<uint32_t>(module.exprLists.size());
  e.argsCount = static_cast<uint32_t>(operands.size() - call.mark);
  module.exprLists.insert(module.exprLists.end(), operands.begin() + call.mark, operands.end());
  operands.resize(call.mark);
  pushOperand(addExpr(e));
}

void ParseState::finishIn(const char* begin, const char* end) {
  const uint32_t mark = marks.back();
  marks.pop_back();
  ast::Expr e;
  e.kind = ast::ExprKind::In;
  e.lhs = operands[mark - 1];
  e.span = Span::cover(module.exprs[e.lhs].span, rangeSpan(begin, end));
  e.argsBegin = static_cast<uint32_t>(module.exprLists.size());
  e.argsCount = static_cast<uint32_t>(operands.size() - mark);
  module.exprLists.insert(module.exprLists.end(), operands.begin() + mark, operands.end());
  operands.resize(mark - 1);
  pushOperand(addExpr(e));
}

}  // namespace onb::parser
