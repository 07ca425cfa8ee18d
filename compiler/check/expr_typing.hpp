// Internal: types one expression node once its children are typed (the traversal is in
// check_expressions.cpp). Names, fields and calls are in check_names.cpp; operators in
// check_operators.cpp.
#pragma once

#include "compiler/check/checker.hpp"

namespace onb::checker {

class ExprTyper {
 public:
  ExprTyper(Checker& checker, uint32_t module)
      : c_(checker), m_(module), mod_(checker.module(module)), info_(checker.out_.modules[module]) {}

  void computeNode(ast::ExprId id, const ExprContext& ctx);

 private:
  // check_names.cpp
  Type name(ast::ExprId id, const ExprContext& ctx);
  Type eventRef(ast::ExprId id);
  Type within(ast::ExprId id);
  Type userField(ast::ExprId id, const ExprContext& ctx);
  Type eventField(ast::ExprId id, const ExprContext& ctx);
  Type call(ast::ExprId id);
  Type historyCall(ast::ExprId id, const stdlib::HistoryInfo& fn);
  Type valueCall(ast::ExprId id);
  void sensitiveRead(Span span, std::string_view what, const ExprContext& ctx);
  // The event an event-reference argument names (Name, Paren(Name), EventRef), or -1.
  int32_t eventOfRef(ast::ExprId id);

  // check_operators.cpp
  Type unary(ast::ExprId id);
  Type binary(ast::ExprId id);
  Type equality(ast::ExprId id, Type l, Type r);
  Type ordering(ast::ExprId id, Type l, Type r);
  Type coalesce(ast::ExprId id, Type l, Type r);
  Type arithmetic(ast::ExprId id, Type l, Type r);
  Type in(ast::ExprId id);
  // A string literal (possibly parenthesized) compared with or coalesced into an enum:
  // records the member, or reports NotAnEnumMember. Returns false when `id` is not a
  // string literal at all.
  bool enumLiteral(ast::ExprId id, Type enumType, bool& ok);
  bool requireNonOptional(ast::ExprId id, Type t, std::string_view what);
  void promote(ast::ExprId id) { info_.promoteToFloat[id] = 1; }

  const ast::Expr& node(ast::ExprId id) const { return mod_.exprs[id]; }
  Type typeOf(ast::ExprId id) const { return info_.types[id]; }
  DiagnosticSink& sink() { return c_.sink(); }

  Checker& c_;
  uint32_t m_;
  const ast::Module& mod_;
  sema::ModuleInfo& info_;
};

}  // namespace onb::checker
