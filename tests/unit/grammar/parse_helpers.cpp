#include "parse_helpers.hpp"

#include <fstream>
#include <sstream>
#include <variant>

#include <gtest/gtest.h>

namespace onb::test {

std::string Parsed::diagnostics() const {
  std::string out;
  for (const Diagnostic& d : sink.diagnostics()) {
    const LineCol lc = source().lineCol(d.span.begin);
    out += std::to_string(lc.line) + ":" + std::to_string(lc.column) + " " + std::string(diagInfo(d.kind).code) + " " +
           d.message + "\n";
  }
  return out;
}

std::string Parsed::firstError() const {
  if (sink.diagnostics().empty()) return "";
  const Diagnostic& d = sink.diagnostics().front();
  const LineCol lc = source().lineCol(d.span.begin);
  return std::to_string(lc.line) + ":" + std::to_string(lc.column) + " " + std::string(diagInfo(d.kind).code);
}

Parsed parseText(std::string text, const ParseOptions& options) {
  Parsed p;
  p.file = p.sources->add("test.onb", std::move(text));
  p.module = parse(p.source(), p.sink, options);
  return p;
}

ParsedExpr parseExpr(const std::string& expr) {
  ParsedExpr out{parseText("channel c requires " + expr + "\n"), ast::kNoExpr};
  if (out.parsed.module.decls.size() == 1)
    if (const auto* channel = std::get_if<ast::ChannelDecl>(&out.parsed.module.decls[0])) out.id = channel->requirement;
  return out;
}

std::string structure(const ast::Module& m, ast::ExprId id) {
  if (id == ast::kNoExpr) return "<none>";
  const ast::Expr& e = m.expr(id);
  const auto list = [&](std::string head) {
    for (uint32_t i = 0; i < e.argsCount; ++i) {
      head += ' ';
      head += structure(m, m.exprLists[e.argsBegin + i]);
    }
    return head;
  };
  switch (e.kind) {
    case ast::ExprKind::Binary:
      return "(" + std::string(ast::opText(e.binaryOp)) + " " + structure(m, e.lhs) + " " + structure(m, e.rhs) + ")";
    case ast::ExprKind::Unary:
      return "(" + std::string(ast::opText(e.unaryOp)) + " " + structure(m, e.lhs) + ")";
    case ast::ExprKind::Paren:
      return "(paren " + structure(m, e.lhs) + ")";
    case ast::ExprKind::EventRef:
      return "(ref " + std::string(e.name.text) + (e.lhs == ast::kNoExpr ? "" : " " + structure(m, e.lhs)) + ")";
    case ast::ExprKind::Within:
      return "(within " + structure(m, e.lhs) + " " + structure(m, e.rhs) + ")";
    case ast::ExprKind::Call:
      return list("(call " + std::string(e.name.text)) + ")";
    case ast::ExprKind::In:
      return list("(in " + structure(m, e.lhs) + " [") + "])";
    case ast::ExprKind::IntLit:
      return std::string(e.negative ? "-" : "") + std::to_string(e.uintValue) + (e.outOfRange ? "!" : "");
    case ast::ExprKind::DurationLit:
      return std::string(e.negative ? "-" : "") + std::to_string(e.uintValue) + std::string(ast::unitText(e.unit)) +
             (e.outOfRange ? "!" : "");
    case ast::ExprKind::FloatLit: {
      std::ostringstream s;
      s << "f" << e.floatValue;
      return s.str();
    }
    case ast::ExprKind::StringLit:
      return "\"" + m.strings[e.stringIndex] + "\"";
    case ast::ExprKind::BoolLit:
      return e.boolValue ? "true" : "false";
    case ast::ExprKind::TimeLit:
      return "@" + std::to_string(e.intValue);
    case ast::ExprKind::Name:
      return std::string(e.name.text);
    case ast::ExprKind::UserField:
      return "user." + std::string(e.name.text);
    case ast::ExprKind::EventField:
      return "event." + std::string(e.name.text);
    case ast::ExprKind::Error:
      return "<error>";
  }
  return "?";
}

std::string tree(const std::string& expr) {
  ParsedExpr p = parseExpr(expr);
  if (p.parsed.errors() > 0 || p.id == ast::kNoExpr) return "error: " + p.parsed.diagnostics();
  return structure(p.parsed.module, p.id);
}

std::string canonical(const std::string& expr) {
  ParsedExpr p = parseExpr(expr);
  if (p.parsed.errors() > 0 || p.id == ast::kNoExpr) return "error: " + p.parsed.diagnostics();
  return exprToSource(p.parsed.module, p.id);
}

std::vector<ast::ExprId> expressionRoots(const ast::Module& m) {
  std::vector<ast::ExprId> roots;
  const auto add = [&](ast::ExprId id) {
    if (id != ast::kNoExpr) roots.push_back(id);
  };
  const auto fields = [&](const std::vector<ast::Field>& list) {
    for (const ast::Field& f : list) add(f.defaultValue);
  };
  for (const ast::Decl& decl : m.decls) {
    if (const auto* user = std::get_if<ast::UserDecl>(&decl)) fields(user->fields);
    if (const auto* event = std::get_if<ast::EventDecl>(&decl)) fields(event->properties);
    if (const auto* channel = std::get_if<ast::ChannelDecl>(&decl)) add(channel->requirement);
    const auto* journey = std::get_if<ast::Journey>(&decl);
    if (!journey) continue;
    for (const ast::JourneyItem& item : journey->items) {
      if (const auto* enter = std::get_if<ast::EnterItem>(&item)) add(enter->where), add(enter->condition);
      if (const auto* goal = std::get_if<ast::GoalItem>(&item)) add(goal->where);
      if (const auto* exit = std::get_if<ast::ExitWhenItem>(&item)) add(exit->where), add(exit->condition);
      const auto* rule = std::get_if<ast::Rule>(&item);
      if (!rule) continue;
      for (const ast::RuleClause& clause : rule->clauses) {
        if (const auto* when = std::get_if<ast::WhenClause>(&clause)) add(when->where);
        if (const auto* after = std::get_if<ast::AfterClause>(&clause)) add(after->where);
        if (const auto* c = std::get_if<ast::IfClause>(&clause)) add(c->condition);
        if (const auto* c = std::get_if<ast::UnlessClause>(&clause)) add(c->condition);
        if (const auto* action = std::get_if<ast::ActionClause>(&clause))
          for (const ast::WithEntry& w : action->with) add(w.value);
      }
    }
  }
  return roots;
}

void expectRoundTrip(const ast::Module& m, ast::ExprId id) {
  const std::string source = exprToSource(m, id);
  ParsedExpr again = parseExpr(source);
  ASSERT_EQ(again.parsed.errors(), 0u) << source << "\n" << again.parsed.diagnostics();
  EXPECT_EQ(structure(again.parsed.module, again.id), structure(m, id)) << source;
  EXPECT_EQ(exprToSource(again.parsed.module, again.id), source);
}

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace onb::test
