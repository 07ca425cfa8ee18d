// Expression text for the formatter, rendered with an explicit stack of small steps (as
// the AST printer does) so that an operator chain millions long needs no recursion.
#include "compiler/format/format_expr.hpp"

#include <cstdio>
#include <vector>

namespace onb::format {

using ast::Expr;
using ast::ExprId;
using ast::ExprKind;

namespace {

// Characters a reader cannot see or that reorder text on screen: C1 controls, the soft
// hyphen, zero-width and direction marks, line and paragraph separators, bidirectional
// embeddings and isolates, invisible operators, the byte order mark and noncharacters.
bool invisible(uint32_t cp) {
  return (cp >= 0x80 && cp <= 0x9F) || cp == 0xAD || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202E) ||
         (cp >= 0x2060 && cp <= 0x206F) || cp == 0xFEFF || (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
}

void appendEscape(std::string& out, uint32_t cp) {
  char escape[16];
  std::snprintf(escape, sizeof escape, "\\u{%X}", static_cast<unsigned>(cp));
  out += escape;
}

}  // namespace

void appendQuoted(std::string& out, std::string_view text) {
  out += '"';
  for (size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      if (byte == '"') {
        out += "\\\"";
      } else if (byte == '\\') {
        out += "\\\\";
      } else if (byte == '\n') {
        out += "\\n";
      } else if (byte == '\t') {
        out += "\\t";
      } else if (byte < 0x20 || byte == 0x7F) {
        appendEscape(out, byte);
      } else {
        out += static_cast<char>(byte);
      }
      ++i;
      continue;
    }
    // A UTF-8 sequence (decoded strings are valid UTF-8).
    const size_t length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2;
    uint32_t cp = byte & (0x7F >> length);
    for (size_t k = 1; k < length && i + k < text.size(); ++k)
      cp = cp << 6 | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    if (invisible(cp))
      appendEscape(out, cp);
    else
      out.append(text.substr(i, length));
    i += length;
  }
  out += '"';
}

std::string_view tokenText(const SourceFile& file, Span span) {
  std::string_view text = file.text().substr(span.begin, span.end - span.begin);
  if (text.empty() || text.front() != '-') return text;
  text.remove_prefix(1);
  // Between the sign and its number only blanks and comments can stand.
  while (!text.empty()) {
    if (text.front() == ' ' || text.front() == '\t' || text.front() == '\r' || text.front() == '\n') {
      text.remove_prefix(1);
    } else if (text.front() == '#') {
      const size_t newline = text.find('\n');
      text.remove_prefix(newline == std::string_view::npos ? text.size() : newline);
    } else {
      break;
    }
  }
  return text;
}

namespace {

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
};
constexpr std::string_view kTexts[] = {")", "]", " in ["};
enum TextId : uint32_t { kCloseParen, kCloseBracket, kInList };

bool startsWithMinus(const Expr& e) {
  const bool literal = e.kind == ExprKind::IntLit || e.kind == ExprKind::FloatLit || e.kind == ExprKind::DurationLit;
  return (literal && e.negative) || (e.kind == ExprKind::Unary && e.unaryOp == ast::UnaryOp::Neg);
}

// Appends a leaf; false for nodes with children.
bool appendLeaf(std::string& out, const ast::Module& module, const SourceFile& file, const Expr& e) {
  switch (e.kind) {
    case ExprKind::Error:
      out += "<error>";  // only in modules with syntax errors, which are never formatted
      return true;
    case ExprKind::IntLit:
    case ExprKind::FloatLit:
    case ExprKind::DurationLit:
      if (e.negative) out += '-';
      out += tokenText(file, e.span);
      return true;
    case ExprKind::TimeLit:
      out += tokenText(file, e.span);
      return true;
    case ExprKind::StringLit:
      appendQuoted(out, module.strings[e.stringIndex]);
      return true;
    case ExprKind::BoolLit:
      out += e.boolValue ? "true" : "false";
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

}  // namespace

std::string formatExpr(const ast::Module& module, const SourceFile& file, ExprId root) {
  std::string out;
  std::vector<Step> todo{Step{root, 0, StepKind::Visit}};
  const auto visit = [&](ExprId id) { todo.push_back(Step{id, 0, StepKind::Visit}); };
  const auto text = [&](TextId t) { todo.push_back(Step{ast::kNoExpr, t, StepKind::Text}); };
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
      if (e.kind == ExprKind::Within) {
        out += " within ";
      } else {
        out += ' ';
        out += ast::opText(e.binaryOp);
        out += ' ';
      }
      visit(e.rhs);
      continue;
    }
    if (step.kind == StepKind::NextItem) {
      if (step.index >= e.argsCount) continue;
      if (step.index > 0) out += ", ";
      todo.push_back(Step{step.id, step.index + 1, StepKind::NextItem});
      visit(module.exprLists[e.argsBegin + step.index]);
      continue;
    }
    if (appendLeaf(out, module, file, e)) continue;
    switch (e.kind) {
      case ExprKind::Binary:
      case ExprKind::Within:
        todo.push_back(Step{step.id, 0, StepKind::Operator});
        visit(e.lhs);
        break;
      case ExprKind::Unary:
        if (e.unaryOp == ast::UnaryOp::Not) {
          out += "not ";
        } else {
          out += '-';
          // `- -1` and `- -x` keep their space: `--` reads as a typo.
          if (e.lhs < module.exprs.size() && startsWithMinus(module.exprs[e.lhs])) out += ' ';
        }
        visit(e.lhs);
        break;
      case ExprKind::Paren:
        out += '(';
        text(kCloseParen);
        visit(e.lhs);
        break;
      case ExprKind::EventRef:
        out += '(';
        out += e.name.text;
        if (e.lhs == ast::kNoExpr) {
          out += ')';
        } else {
          out += " where ";
          text(kCloseParen);
          visit(e.lhs);
        }
        break;
      case ExprKind::Call:
        out += e.name.text;
        out += '(';
        text(kCloseParen);
        todo.push_back(Step{step.id, 0, StepKind::NextItem});
        break;
      case ExprKind::In:
        text(kCloseBracket);
        todo.push_back(Step{step.id, 0, StepKind::NextItem});
        text(kInList);
        visit(e.lhs);
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

}  // namespace onb::format
