// The two renderings of an expression: canonical source (exprToSource) and the located
// S-expression of printAst. Both walk the tree with an explicit stack of small Steps, so
// chains millions of operators long need no recursion.
#include "grammar/ast/ast_printer_expr.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <string_view>
#include <vector>

#include "grammar/ast/ast_printer.hpp"
#include "stdlib/civil_time.hpp"

namespace onb::ast_printer {

using ast::Expr;
using ast::ExprId;
using ast::ExprKind;

void appendQuoted(std::string& out, std::string_view text) {
  out += '"';
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
          char escape[16];
          std::snprintf(escape, sizeof escape, "\\u{%X}", static_cast<unsigned>(static_cast<unsigned char>(c)));
          out += escape;
        } else {
          out += c;  // UTF-8 passes through unchanged
        }
    }
  }
  out += '"';
}

namespace {

// ---- Literal text, shared by both renderings ---------------------------------------------

void appendFloat(std::string& out, double value, bool negative) {
  if (negative || std::signbit(value)) out += '-';
  value = std::fabs(value);
  if (!std::isfinite(value)) {
    // An out-of-range literal: a number that reads back as out of range again.
    out.append(400, '9');
    out += ".0";
    return;
  }
  char buffer[1100];  // the longest shortest fixed form of a double is about 770 characters
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed);
  const std::string_view text(buffer, static_cast<size_t>(result.ptr - buffer));
  out += text;
  if (text.find('.') == std::string_view::npos) out += ".0";  // keep it a FLOAT
}

void appendTime(std::string& out, int64_t millis) {
  if (millis < civil::kMinTime) millis = civil::kMinTime;
  if (millis > civil::kMaxTime) millis = civil::kMaxTime;
  out += '@';
  out += civil::formatIso(millis);
}

// Appends the text of a leaf node; false for nodes with children.
bool appendLeaf(std::string& out, const ast::Module& module, const Expr& e) {
  switch (e.kind) {
    case ExprKind::Error:
      out += "<error>";
      return true;
    case ExprKind::IntLit:
      if (e.negative) out += '-';
      out += std::to_string(e.uintValue);
      return true;
    case ExprKind::FloatLit:
      appendFloat(out, e.floatValue, e.negative);
      return true;
    case ExprKind::StringLit:
      appendQuoted(out, module.strings[e.stringIndex]);
      return true;
    case ExprKind::BoolLit:
      out += e.boolValue ? "true" : "false";
      return true;
    case ExprKind::DurationLit:
      if (e.negative) out += '-';
      out += std::to_string(e.uintValue);
      out += ast::unitText(e.unit);
      return true;
    case ExprKind::TimeLit:
      appendTime(out, e.intValue);
      return true;
    case ExprKind::Name:
      out += e.name.text;
      return true;
    case ExprKind::UserField:
      out += "user.";
      out += e.name.text;
      return true;
    case ExprKind::EventField:
      out += "event.";
      out += e.name.text;
      return true;
    case ExprKind::EventRef:
    case ExprKind::Within:
    case ExprKind::Call:
    case ExprKind::Unary:
    case ExprKind::Binary:
    case ExprKind::In:
    case ExprKind::Paren:
      return false;
  }
  return false;
}

// Binding strength, loosest first (GRAMMAR.md section 4): 1 or, 2 and, 3 not,
// 4 comparisons, 5 ??, 6 + -, 7 * / %, 8 unary -, 10 everything that needs no parentheses.
int precedence(const Expr& e) {
  if (e.kind == ExprKind::Unary) return e.unaryOp == ast::UnaryOp::Not ? 3 : 8;
  if (e.kind == ExprKind::In) return 4;
  if (e.kind != ExprKind::Binary) return 10;
  switch (e.binaryOp) {
    case ast::BinaryOp::Or:
      return 1;
    case ast::BinaryOp::And:
      return 2;
    case ast::BinaryOp::Eq:
    case ast::BinaryOp::Ne:
    case ast::BinaryOp::Lt:
    case ast::BinaryOp::Le:
    case ast::BinaryOp::Gt:
    case ast::BinaryOp::Ge:
      return 4;
    case ast::BinaryOp::Coalesce:
      return 5;
    case ast::BinaryOp::Add:
    case ast::BinaryOp::Sub:
      return 6;
    case ast::BinaryOp::Mul:
    case ast::BinaryOp::Div:
    case ast::BinaryOp::Mod:
      return 7;
  }
  return 10;
}

// The least precedence each operand of a binary operator may have without parentheses.
void operandPrecedence(const Expr& e, int& lhs, int& rhs) {
  const int p = precedence(e);
  if (e.binaryOp == ast::BinaryOp::Coalesce) {
    lhs = p + 1;  // right-associative
    rhs = p;
  } else if (p == 4) {
    lhs = rhs = p + 1;  // comparisons do not associate
  } else {
    lhs = p;  // left-associative
    rhs = p + 1;
  }
}

bool startsWithMinus(const Expr& e) {
  const bool literal = e.kind == ExprKind::IntLit || e.kind == ExprKind::FloatLit || e.kind == ExprKind::DurationLit;
  return (literal && e.negative) || (e.kind == ExprKind::Unary && e.unaryOp == ast::UnaryOp::Neg);
}

// Work for the iterative renderers, kept small because a left-deep chain of millions of
// operators leaves one pending step per level.
enum class StepKind : uint8_t {
  Visit,     // render node `id`
  Text,      // append kTexts[index]
  Operator,  // the left operand of Binary/Within `id` is done: the operator, then the right
  NextItem,  // argument or list item `index` of `id` (and the ones after it)
};
struct Step {
  ExprId id = ast::kNoExpr;
  uint32_t index = 0;
  StepKind kind = StepKind::Visit;
  uint8_t minPrecedence = 0;  // exprToSource: parenthesise below this; printAst: 1 = leading space
};
static_assert(sizeof(Step) == 12);
constexpr std::string_view kTexts[] = {")", "]", " within ", " in [", "))", " (list"};
enum TextId : uint32_t { kCloseParen, kCloseBracket, kWithin, kInList, kCloseTwo, kList };
Step visit(ExprId id, int minPrecedence = 0) {
  return Step{id, 0, StepKind::Visit, static_cast<uint8_t>(minPrecedence)};
}
Step text(TextId t) { return Step{ast::kNoExpr, t, StepKind::Text, 0}; }
Step afterLeft(ExprId id) { return Step{id, 0, StepKind::Operator, 0}; }
Step nextItem(ExprId id, uint32_t index) { return Step{id, index, StepKind::NextItem, 0}; }

}  // namespace

void Positions::append(std::string& out, uint32_t offset) {
  if (!(cached_ && offset >= offset_ && offset < nextLineStart_)) {
    const LineCol lc = file_.lineCol(offset);
    line_ = lc.line;
    column_ = lc.column;
    offset_ = offset;
    nextLineStart_ = line_ < file_.lineCount() ? file_.lineStart(line_ + 1) : UINT32_MAX;
    cached_ = true;
  }
  const std::string_view text = file_.text();
  for (; offset_ < offset; ++offset_)
    if ((static_cast<unsigned char>(text[offset_]) & 0xC0) != 0x80) ++column_;
  out += '@';
  out += std::to_string(line_);
  out += ':';
  out += std::to_string(column_);
}

void appendExprDump(std::string& out, const ast::Module& module, ExprId root, Positions& positions) {
  const auto at = [&](Span span) { positions.append(out, span.begin); };
  std::vector<Step> todo{visit(root)};
  constexpr int kSpace = 1;
  while (!todo.empty()) {
    const Step step = todo.back();
    todo.pop_back();
    if (step.kind == StepKind::Text) {
      out += kTexts[step.index];
      continue;
    }
    if (step.id >= module.exprs.size()) {
      out += step.minPrecedence == kSpace ? " <none>" : "<none>";
      continue;
    }
    const Expr& e = module.exprs[step.id];
    if (step.kind == StepKind::Operator) {
      todo.push_back(text(kCloseParen));
      todo.push_back(visit(e.rhs, kSpace));
      continue;
    }
    if (step.kind == StepKind::NextItem) {
      if (step.index >= e.argsCount) continue;
      todo.push_back(nextItem(step.id, step.index + 1));
      todo.push_back(visit(module.exprLists[e.argsBegin + step.index], kSpace));
      continue;
    }
    if (step.minPrecedence == kSpace) out += ' ';
    if (e.outOfRange) out += "(out-of-range ";
    if (appendLeaf(out, module, e)) {
      at(e.span);
      if (e.outOfRange) out += ')';
      continue;
    }
    out += '(';
    switch (e.kind) {
      case ExprKind::Binary:
        out += ast::opText(e.binaryOp);
        break;
      case ExprKind::Unary:
        out += ast::opText(e.unaryOp);
        break;
      case ExprKind::Paren:
        out += "paren";
        break;
      case ExprKind::EventRef:
        out += "event-ref ";
        out += e.name.text;
        break;
      case ExprKind::Within:
        out += "within";
        break;
      case ExprKind::Call:
        out += "call ";
        out += e.name.text;
        break;
      case ExprKind::In:
        out += "in";
        break;
      case ExprKind::Error:
      case ExprKind::IntLit:
      case ExprKind::FloatLit:
      case ExprKind::StringLit:
      case ExprKind::BoolLit:
      case ExprKind::DurationLit:
      case ExprKind::TimeLit:
      case ExprKind::Name:
      case ExprKind::UserField:
      case ExprKind::EventField:
        break;
    }
    out += ' ';
    at(e.span);
    if (e.kind == ExprKind::Binary || e.kind == ExprKind::Within) {
      todo.push_back(afterLeft(step.id));
      todo.push_back(visit(e.lhs, kSpace));
      continue;
    }
    if (e.kind == ExprKind::In) {
      todo.push_back(text(kCloseTwo));
      todo.push_back(nextItem(step.id, 0));
      todo.push_back(text(kList));
    } else {
      todo.push_back(text(kCloseParen));
      if (e.kind == ExprKind::Call) todo.push_back(nextItem(step.id, 0));
    }
    if (e.lhs != ast::kNoExpr) todo.push_back(visit(e.lhs, kSpace));
  }
}

std::string exprSource(const ast::Module& module, ExprId root) {
  std::string out;
  std::vector<Step> todo{visit(root)};
  const auto operandPrecedences = [&](const Expr& e, int& lhs, int& rhs) {
    if (e.kind == ExprKind::Within) {
      lhs = 10;
      rhs = 8;  // the window is a Unary
    } else {
      operandPrecedence(e, lhs, rhs);
    }
  };
  while (!todo.empty()) {
    const Step step = todo.back();
    todo.pop_back();
    if (step.kind == StepKind::Text) {
      out += kTexts[step.index];
      continue;
    }
    if (step.id >= module.exprs.size()) {
      out += "<error>";
      continue;
    }
    const Expr& e = module.exprs[step.id];
    if (step.kind == StepKind::Operator) {
      int lhs = 0, rhs = 0;
      operandPrecedences(e, lhs, rhs);
      if (e.kind == ExprKind::Within) {
        out += " within ";
      } else {
        out += ' ';
        out += ast::opText(e.binaryOp);
        out += ' ';
      }
      todo.push_back(visit(e.rhs, rhs));
      continue;
    }
    if (step.kind == StepKind::NextItem) {
      if (step.index >= e.argsCount) continue;
      out += ", ";
      todo.push_back(nextItem(step.id, step.index + 1));
      todo.push_back(visit(module.exprLists[e.argsBegin + step.index]));
      continue;
    }
    if (precedence(e) < step.minPrecedence) {
      out += '(';
      todo.push_back(text(kCloseParen));
    }
    if (appendLeaf(out, module, e)) continue;
    switch (e.kind) {
      case ExprKind::Binary:
      case ExprKind::Within: {
        int lhs = 0, rhs = 0;
        operandPrecedences(e, lhs, rhs);
        todo.push_back(afterLeft(step.id));
        todo.push_back(visit(e.lhs, lhs));
        break;
      }
      case ExprKind::Unary:
        if (e.unaryOp == ast::UnaryOp::Not) {
          out += "not ";
          todo.push_back(visit(e.lhs, 3));
        } else {
          out += '-';
          if (e.lhs < module.exprs.size() && startsWithMinus(module.exprs[e.lhs])) out += ' ';
          todo.push_back(visit(e.lhs, 8));
        }
        break;
      case ExprKind::Paren:
        out += '(';
        todo.push_back(text(kCloseParen));
        todo.push_back(visit(e.lhs));
        break;
      case ExprKind::EventRef:
        out += '(';
        out += e.name.text;
        if (e.lhs == ast::kNoExpr) {
          out += ')';
        } else {
          out += " where ";
          todo.push_back(text(kCloseParen));
          todo.push_back(visit(e.lhs));
        }
        break;
      case ExprKind::Call:
        out += e.name.text;
        out += '(';
        todo.push_back(text(kCloseParen));
        if (e.argsCount > 0) {
          todo.push_back(nextItem(step.id, 1));
          todo.push_back(visit(module.exprLists[e.argsBegin]));
        }
        break;
      case ExprKind::In:
        todo.push_back(text(kCloseBracket));
        if (e.argsCount > 0) {
          todo.push_back(nextItem(step.id, 1));
          todo.push_back(visit(module.exprLists[e.argsBegin]));
        }
        todo.push_back(text(kInList));
        todo.push_back(visit(e.lhs, 5));
        break;
      case ExprKind::Error:
      case ExprKind::IntLit:
      case ExprKind::FloatLit:
      case ExprKind::StringLit:
      case ExprKind::BoolLit:
      case ExprKind::DurationLit:
      case ExprKind::TimeLit:
      case ExprKind::Name:
      case ExprKind::UserField:
      case ExprKind::EventField:
        break;  // leaves, handled above
    }
  }
  return out;
}

}  // namespace onb::ast_printer

namespace onb {

std::string exprToSource(const ast::Module& module, ast::ExprId id) { return ast_printer::exprSource(module, id); }

}  // namespace onb
