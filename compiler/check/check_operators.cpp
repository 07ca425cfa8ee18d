// Operators (LANGUAGE.md section 8): logic, equality, ordering, `??`, arithmetic on
// numbers, times and durations, string concatenation, and `in` lists.
#include "compiler/check/expr_typing.hpp"

namespace onb::checker {

bool ExprTyper::requireNonOptional(ast::ExprId id, Type t, std::string_view what) {
  if (!t.optional) return true;
  Diagnostic& d = sink().report(DiagKind::OptionalWithoutCoalesce, node(id).span,
                                fmt::format("{} is `{}`, which may be missing", what, c_.typeName(t)));
  d.notes.push_back({Span{}, "unwrap it with `??`, e.g. `x ?? 0`; only == and != accept a missing value"});
  return false;
}

Type ExprTyper::unary(ast::ExprId id) {
  const ast::Expr& e = node(id);
  Type t = typeOf(e.lhs);
  if (t.isError()) return t;
  if (e.unaryOp == ast::UnaryOp::Not) {
    if (!requireNonOptional(e.lhs, t, "the operand of `not`")) return Type::error();
    if (t.kind != TypeKind::Bool) {
      sink().report(DiagKind::TypeMismatch, node(e.lhs).span, fmt::format("`not` needs a bool, found {}", c_.typeName(t)));
      return Type::error();
    }
    return t;
  }
  if (!requireNonOptional(e.lhs, t, "the operand of `-`")) return Type::error();
  if (t.kind != TypeKind::Int && t.kind != TypeKind::Float && t.kind != TypeKind::Duration) {
    sink().report(DiagKind::TypeMismatch, node(e.lhs).span,
                  fmt::format("unary `-` needs an int, float or duration, found {}", c_.typeName(t)));
    return Type::error();
  }
  return t;
}

Type ExprTyper::binary(ast::ExprId id) {
  const ast::Expr& e = node(id);
  Type l = typeOf(e.lhs), r = typeOf(e.rhs);
  if (l.isError() || r.isError()) return Type::error();
  switch (e.binaryOp) {
    case ast::BinaryOp::Or:
    case ast::BinaryOp::And: {
      std::string_view op = ast::opText(e.binaryOp);
      for (auto [side, t] : {std::pair{e.lhs, l}, std::pair{e.rhs, r}}) {
        if (!requireNonOptional(side, t, fmt::format("an operand of `{}`", op))) return Type::error();
        if (t.kind != TypeKind::Bool) {
          sink().report(DiagKind::TypeMismatch, node(side).span, fmt::format("`{}` needs bool operands, found {}", op, c_.typeName(t)));
          return Type::error();
        }
      }
      return Type::of(TypeKind::Bool);
    }
    case ast::BinaryOp::Eq:
    case ast::BinaryOp::Ne: return equality(id, l, r);
    case ast::BinaryOp::Lt:
    case ast::BinaryOp::Le:
    case ast::BinaryOp::Gt:
    case ast::BinaryOp::Ge: return ordering(id, l, r);
    case ast::BinaryOp::Coalesce: return coalesce(id, l, r);
    case ast::BinaryOp::Add:
    case ast::BinaryOp::Sub:
    case ast::BinaryOp::Mul:
    case ast::BinaryOp::Div:
    case ast::BinaryOp::Mod: return arithmetic(id, l, r);
  }
  return Type::error();
}

bool ExprTyper::enumLiteral(ast::ExprId id, Type enumType, bool& ok) {
  ast::ExprId lit = id;
  while (node(lit).kind == ast::ExprKind::Paren) lit = node(lit).lhs;
  if (node(lit).kind != ast::ExprKind::StringLit) return false;
  std::string_view member = mod_.string(node(lit).stringIndex);
  int32_t index = c_.out_.enums[enumType.enumId].find(member);
  if (index < 0) {
    Diagnostic& d = sink().report(DiagKind::NotAnEnumMember, node(lit).span,
                                  fmt::format("\"{}\" is not a member of {}", member, c_.typeName(enumType.base())));
    std::vector<std::string_view> members(c_.out_.enums[enumType.enumId].members.begin(),
                                          c_.out_.enums[enumType.enumId].members.end());
    if (std::string hint = Checker::suggest(member, members); !hint.empty()) d.notes.push_back({Span{}, hint});
    ok = false;
    return true;
  }
  sema::Resolution r{sema::ResKind::EnumMember, static_cast<uint32_t>(index)};
  for (ast::ExprId p = id;; p = node(p).lhs) {  // the parentheses stand for the member too
    info_.resolutions[p] = r;
    info_.types[p] = enumType.base();
    if (p == lit) break;
  }
  ok = true;
  return true;
}

Type ExprTyper::equality(ast::ExprId id, Type l, Type r) {
  const ast::Expr& e = node(id);
  auto mismatch = [&](std::string_view why) {
    sink().report(DiagKind::TypeMismatch, e.span,
                  fmt::format("cannot compare {} with {}{}", c_.typeName(l), c_.typeName(r), why));
    return Type::error();
  };
  if (l.kind == TypeKind::Enum || r.kind == TypeKind::Enum) {
    if (l.kind == TypeKind::Enum && r.kind == TypeKind::Enum)
      return l.enumId == r.enumId ? Type::of(TypeKind::Bool) : mismatch(": they are different enums");
    bool ok = false;
    if (l.kind == TypeKind::Enum && enumLiteral(e.rhs, l, ok)) return ok ? Type::of(TypeKind::Bool) : Type::error();
    if (r.kind == TypeKind::Enum && enumLiteral(e.lhs, r, ok)) return ok ? Type::of(TypeKind::Bool) : Type::error();
    return mismatch(": an enum compares only with a string literal naming a member, or the same enum");
  }
  if (l.isNumeric() && r.isNumeric()) {
    if (l.kind != r.kind) promote(l.kind == TypeKind::Int ? e.lhs : e.rhs);
    return Type::of(TypeKind::Bool);
  }
  if (l.kind == r.kind) return Type::of(TypeKind::Bool);
  return mismatch("");
}

Type ExprTyper::ordering(ast::ExprId id, Type l, Type r) {
  const ast::Expr& e = node(id);
  std::string_view op = ast::opText(e.binaryOp);
  if (!requireNonOptional(e.lhs, l, fmt::format("the left side of `{}`", op))) return Type::error();
  if (!requireNonOptional(e.rhs, r, fmt::format("the right side of `{}`", op))) return Type::error();
  if (l.isNumeric() && r.isNumeric()) {
    if (l.kind != r.kind) promote(l.kind == TypeKind::Int ? e.lhs : e.rhs);
    return Type::of(TypeKind::Bool);
  }
  bool orderable = l.kind == TypeKind::String || l.kind == TypeKind::Time || l.kind == TypeKind::Duration;
  if (l.kind == r.kind && orderable) return Type::of(TypeKind::Bool);
  sink().report(DiagKind::TypeMismatch, e.span,
                fmt::format("`{}` cannot compare {} with {}: ordering applies to numbers, strings, times and durations",
                            op, c_.typeName(l), c_.typeName(r)));
  return Type::error();
}

Type ExprTyper::coalesce(ast::ExprId id, Type l, Type r) {
  const ast::Expr& e = node(id);
  if (!l.optional) {
    sink().report(DiagKind::NeedlessCoalesce, node(e.lhs).span,
                  fmt::format("this is {}, which is never missing: the right side of `??` is never used", c_.typeName(l)));
  }
  if (l.sameBase(r)) return l.base().withOptional(r.optional);
  if (l.kind == TypeKind::Enum) {
    bool ok = false;
    if (enumLiteral(e.rhs, l, ok)) return ok ? l.base() : Type::error();
  }
  if (l.isNumeric() && r.isNumeric()) {
    promote(l.kind == TypeKind::Int ? e.lhs : e.rhs);
    return Type::of(TypeKind::Float, r.optional);
  }
  sink().report(DiagKind::TypeMismatch, e.span,
                fmt::format("`??` needs the same type on both sides, found {} and {}", c_.typeName(l), c_.typeName(r)));
  return Type::error();
}

Type ExprTyper::arithmetic(ast::ExprId id, Type l, Type r) {
  const ast::Expr& e = node(id);
  const ast::BinaryOp op = e.binaryOp;
  std::string_view text = ast::opText(op);
  if (!requireNonOptional(e.lhs, l, fmt::format("the left side of `{}`", text))) return Type::error();
  if (!requireNonOptional(e.rhs, r, fmt::format("the right side of `{}`", text))) return Type::error();
  const TypeKind a = l.kind, b = r.kind;
  if (l.isNumeric() && r.isNumeric()) {
    if (a == b) return Type::of(a);
    promote(a == TypeKind::Int ? e.lhs : e.rhs);
    return Type::of(TypeKind::Float);
  }
  using K = TypeKind;
  switch (op) {
    case ast::BinaryOp::Add:
      if (a == K::String && b == K::String) return Type::of(K::String);
      if (a == K::Duration && b == K::Duration) return Type::of(K::Duration);
      if ((a == K::Time && b == K::Duration) || (a == K::Duration && b == K::Time)) return Type::of(K::Time);
      break;
    case ast::BinaryOp::Sub:
      if (a == K::Time && b == K::Time) return Type::of(K::Duration);
      if (a == K::Time && b == K::Duration) return Type::of(K::Time);
      if (a == K::Duration && b == K::Duration) return Type::of(K::Duration);
      break;
    case ast::BinaryOp::Mul:
      if ((a == K::Duration && b == K::Int) || (a == K::Int && b == K::Duration)) return Type::of(K::Duration);
      break;
    case ast::BinaryOp::Div:
      if (a == K::Duration && b == K::Int) return Type::of(K::Duration);
      break;
    default: break;
  }
  sink().report(DiagKind::TypeMismatch, e.span,
                fmt::format("`{}` is not defined for {} and {}", text, c_.typeName(l), c_.typeName(r)));
  return Type::error();
}

Type ExprTyper::in(ast::ExprId id) {
  const ast::Expr& e = node(id);
  Type x = typeOf(e.lhs);
  if (x.isError()) return x;
  if (x.optional) {
    Diagnostic& d = sink().report(DiagKind::ListItemType, node(e.lhs).span,
                                  fmt::format("the value tested with `in` is {}, which may be missing", c_.typeName(x)));
    d.notes.push_back({Span{}, "unwrap it with `??` first"});
    return Type::error();
  }
  bool ok = true;
  for (const ast::ExprId* item = mod_.argsBegin(e); item != mod_.argsEnd(e); ++item) {
    const ast::Expr& it = node(*item);
    if (x.kind == TypeKind::Enum) {
      bool fits = false;
      if (!enumLiteral(*item, x, fits)) {
        sink().report(DiagKind::ListItemType, it.span, fmt::format("items of an {} list must be string literals naming members", c_.typeName(x)));
        ok = false;
      } else {
        ok = ok && fits;
      }
      continue;
    }
    std::string why;
    if (it.kind == ast::ExprKind::Name || !c_.literalFits(m_, *item, x, why)) {
      sink().report(DiagKind::ListItemType, it.span, fmt::format("this list item is not a literal of type {}", c_.typeName(x)));
      ok = false;
    }
  }
  return ok ? Type::of(TypeKind::Bool) : Type::error();
}

}  // namespace onb::checker
