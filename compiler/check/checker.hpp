// Internal: the checker's shared state and helpers, used by the check_<feature>.cpp files.
#pragma once

#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>

#include "compiler/check/check.hpp"

namespace onb::checker {

using sema::ExprRef;
using sema::kNone;
using sema::Type;
using sema::TypeKind;

// Where an expression is evaluated: which `event` exists and which names are available.
struct ExprContext {
  // The events `event` may be (a `when a | b` has several; `last any` has all). Empty:
  // no event here, and noEventReason says why.
  std::vector<uint32_t> events;
  std::string_view noEventReason = "there is no triggering event here";
  bool allowEnteredAt = true;
  std::string_view enteredAtReason;
  bool inWith = false;       // a @sensitive field is an error
  bool inCondition = false;  // a @sensitive field is a warning
};

class Checker {
 public:
  Checker(const LoadedProgram& loaded, const SourceManager& sources, DiagnosticSink& sink);

  sema::CheckedProgram run(const CheckOptions& options);

  // ---- shared helpers ----
  DiagnosticSink& sink() { return sink_; }
  const ast::Module& module(uint32_t m) const { return loaded_.modules[m]; }
  const ast::Expr& expr(uint32_t m, ast::ExprId id) const { return loaded_.modules[m].exprs[id]; }
  std::string typeName(Type t) const;
  uint32_t internEnum(const std::vector<std::string>& members);
  int32_t findEvent(std::string_view name) const;
  int32_t findChannel(std::string_view name) const;
  int32_t findQueue(std::string_view name) const;
  // "did you mean `x`?" over the given candidates, or "" when nothing is close.
  static std::string suggest(std::string_view name, const std::vector<std::string_view>& candidates);
  std::vector<std::string_view> eventNames() const;
  uint32_t lineOf(Span span) const;

  // ---- declarations (check_declarations.cpp) ----
  void collectDeclarations();
  Type resolveType(const ast::TypeRef& ref);
  sema::CapInfo resolveCap(const ast::CapDecl& cap);

  // ---- expressions (check_expressions.cpp) ----
  // Types the expression tree rooted at `id` (iteratively: chains of any length are fine)
  // and returns its type. Diagnostics are reported once; an Error type propagates silently.
  Type checkExpr(uint32_t m, ast::ExprId id, const ExprContext& ctx);
  // A bool condition (if, unless, where, requires).
  void checkCondition(uint32_t m, ast::ExprId id, const ExprContext& ctx, std::string_view what);
  // Types a literal against an expected type (trait defaults, `in` items). False when it
  // is not a literal of that type.
  bool literalFits(uint32_t m, ast::ExprId id, Type expected, std::string& why);

  // ---- journeys and rules (check_journeys.cpp) ----
  void checkJourneys();

  // ---- lints (check_lints.cpp) ----
  void runLints();

  // ---- state ----
  const LoadedProgram& loaded_;
  const SourceManager& sources_;
  DiagnosticSink& sink_;
  sema::CheckedProgram out_;
  std::unordered_map<std::string, uint32_t> channelOrQueue_;  // name -> index in channels (<) or queues
  std::vector<std::pair<uint32_t, uint32_t>> journeyDecls_;   // (module, decl) of each journey, program order
  std::deque<ExprContext> filterContexts_;                    // contexts of history filters, kept alive
};

// Constant folding for lints: the value of an expression built only from literals.
struct ConstValue {
  enum class Kind : uint8_t { None, Bool, Int, Float, String } kind = Kind::None;
  bool b = false;
  int64_t i = 0;
  double f = 0;
  std::string s;
};
ConstValue foldConstant(const sema::CheckedProgram& program, const ast::Module& module, uint32_t m, ast::ExprId id);

}  // namespace onb::checker
