// Expressions (LANGUAGE.md section 8): names, fields, history built-ins, functions and
// operators, typed bottom-up. The traversal keeps an explicit stack, so an expression of
// any length (a 10 MB chain `a + a + ...`) is checked without deep recursion.
#include "compiler/check/checker.hpp"
#include "compiler/check/expr_typing.hpp"

namespace onb::checker {

namespace {

struct Frame {
  ast::ExprId id;
  const ExprContext* ctx;
  bool expanded;
};

}  // namespace

Type Checker::checkExpr(uint32_t m, ast::ExprId root, const ExprContext& rootCtx) {
  ExprTyper typer(*this, m);
  std::vector<Frame> stack;
  stack.push_back({root, &rootCtx, false});
  while (!stack.empty()) {
    if (stack.back().expanded) {
      Frame done = stack.back();
      stack.pop_back();
      typer.computeNode(done.id, *done.ctx);
      continue;
    }
    stack.back().expanded = true;
    const ast::ExprId id = stack.back().id;
    const ExprContext* ctx = stack.back().ctx;
    const ast::Expr& e = expr(m, id);
    auto push = [&](ast::ExprId child, const ExprContext* c) {
      if (child != ast::kNoExpr) stack.push_back({child, c, false});
    };
    switch (e.kind) {
      case ast::ExprKind::Paren:
      case ast::ExprKind::Unary: push(e.lhs, ctx); break;
      case ast::ExprKind::Binary:
      case ast::ExprKind::Within:
        push(e.rhs, ctx);
        push(e.lhs, ctx);
        break;
      case ast::ExprKind::In: push(e.lhs, ctx); break;  // items are literals, typed by the In node
      case ast::ExprKind::Call: {
        const ast::Module& mod = module(m);
        for (const ast::ExprId* a = mod.argsEnd(e); a != mod.argsBegin(e);) push(*--a, ctx);
        break;
      }
      case ast::ExprKind::EventRef: {
        if (e.lhs == ast::kNoExpr) break;
        // Inside (E where X), `event` is the history event E being tested.
        ExprContext filter = *ctx;  // traits, now and entered_at read where the query runs
        filter.events.clear();
        int32_t event = findEvent(e.name.text);
        if (event >= 0) filter.events.push_back(static_cast<uint32_t>(event));
        else filter.noEventReason = "the filtered event is not declared";
        filterContexts_.push_back(std::move(filter));
        push(e.lhs, &filterContexts_.back());
        break;
      }
      case ast::ExprKind::Error:
      case ast::ExprKind::IntLit:
      case ast::ExprKind::FloatLit:
      case ast::ExprKind::StringLit:
      case ast::ExprKind::BoolLit:
      case ast::ExprKind::DurationLit:
      case ast::ExprKind::TimeLit:
      case ast::ExprKind::Name:
      case ast::ExprKind::UserField:
      case ast::ExprKind::EventField: break;
    }
  }
  return out_.modules[m].types[root];
}

void Checker::checkCondition(uint32_t m, ast::ExprId id, const ExprContext& ctx, std::string_view what) {
  Type t = checkExpr(m, id, ctx);
  if (t.isError()) return;
  if (t.kind == TypeKind::Bool && t.optional) {
    sink_.report(DiagKind::OptionalWithoutCoalesce, expr(m, id).span,
                 fmt::format("{} needs a bool, but this is `bool?` and may be missing; unwrap it with `??`", what));
  } else if (t.kind != TypeKind::Bool) {
    sink_.report(DiagKind::TypeMismatch, expr(m, id).span,
                 fmt::format("{} needs a bool condition, found {}", what, typeName(t)));
  }
}

bool Checker::literalFits(uint32_t m, ast::ExprId id, Type expected, std::string& why) {
  const ast::Expr& e = expr(m, id);
  auto& info = out_.modules[m];
  auto set = [&](Type t) {
    info.types[id] = t;
    return true;
  };
  if ((e.kind == ast::ExprKind::IntLit || e.kind == ast::ExprKind::DurationLit) && e.outOfRange) {
    sink_.report(DiagKind::LiteralOutOfRange, e.span, "this literal does not fit in 64 bits");
    why.clear();
    return set(expected.base());  // reported; don't add a second error
  }
  switch (expected.kind) {
    case TypeKind::Error: return true;
    case TypeKind::Bool:
      if (e.kind == ast::ExprKind::BoolLit) return set(Type::of(TypeKind::Bool));
      break;
    case TypeKind::Int:
      if (e.kind == ast::ExprKind::IntLit) return set(Type::of(TypeKind::Int));
      break;
    case TypeKind::Float:
      if (e.kind == ast::ExprKind::FloatLit) return set(Type::of(TypeKind::Float));
      if (e.kind == ast::ExprKind::IntLit) {
        info.promoteToFloat[id] = 1;
        return set(Type::of(TypeKind::Int));
      }
      break;
    case TypeKind::String:
      if (e.kind == ast::ExprKind::StringLit) return set(Type::of(TypeKind::String));
      break;
    case TypeKind::Time:
      if (e.kind == ast::ExprKind::TimeLit) return set(Type::of(TypeKind::Time));
      break;
    case TypeKind::Duration:
      if (e.kind == ast::ExprKind::DurationLit) return set(Type::of(TypeKind::Duration));
      break;
    case TypeKind::Enum: {
      std::string_view member;
      if (e.kind == ast::ExprKind::StringLit) member = module(m).string(e.stringIndex);
      else if (e.kind == ast::ExprKind::Name) member = e.name.text;
      else break;
      int32_t index = out_.enums[expected.enumId].find(member);
      if (index < 0) {
        why = fmt::format("`{}` is not one", member);
        return false;
      }
      info.resolutions[id] = sema::Resolution{sema::ResKind::EnumMember, static_cast<uint32_t>(index)};
      return set(expected.base());
    }
  }
  return false;
}

}  // namespace onb::checker
