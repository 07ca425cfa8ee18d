// Constant folding for lints: the value of an expression made only of literals and
// operators (`if 1 > 2`, `unless true or x`), so that a rule that can never fire is found.
// Folding mirrors the runtime's semantics; anything that would be a runtime error (or is
// not constant) folds to None.
#include <cmath>

#include "compiler/check/checker.hpp"

namespace onb::checker {

namespace {

using K = ConstValue::Kind;

ConstValue ofBool(bool b) {
  ConstValue v;
  v.kind = K::Bool;
  v.b = b;
  return v;
}

class Folder {
 public:
  Folder(const ast::Module& mod) : mod_(mod) {}

  // Folds with a depth bound: lints only care about small constant expressions, and an
  // expression of a million terms is not worth walking twice.
  ConstValue fold(ast::ExprId id, int depth) {
    if (depth > 64) return {};
    const ast::Expr& e = mod_.exprs[id];
    switch (e.kind) {
      case ast::ExprKind::BoolLit: return ofBool(e.boolValue);
      case ast::ExprKind::IntLit: {
        if (e.outOfRange) return {};
        ConstValue v;
        v.kind = K::Int;
        v.i = e.negative ? static_cast<int64_t>(0 - e.uintValue) : static_cast<int64_t>(e.uintValue);
        return v;
      }
      case ast::ExprKind::FloatLit: {
        ConstValue v;
        v.kind = K::Float;
        v.f = e.floatValue;
        return v;
      }
      case ast::ExprKind::StringLit: {
        ConstValue v;
        v.kind = K::String;
        v.s = std::string(mod_.string(e.stringIndex));
        return v;
      }
      case ast::ExprKind::Paren: return fold(e.lhs, depth + 1);
      case ast::ExprKind::Unary: {
        ConstValue x = fold(e.lhs, depth + 1);
        if (e.unaryOp == ast::UnaryOp::Not) return x.kind == K::Bool ? ofBool(!x.b) : ConstValue{};
        if (x.kind == K::Float) {
          x.f = -x.f;
          return x;
        }
        if (x.kind == K::Int && x.i != INT64_MIN) {
          x.i = -x.i;
          return x;
        }
        return {};
      }
      case ast::ExprKind::Binary: return binary(e, depth);
      default: return {};
    }
  }

 private:
  ConstValue binary(const ast::Expr& e, int depth) {
    ConstValue l = fold(e.lhs, depth + 1);
    if (e.binaryOp == ast::BinaryOp::And && l.kind == K::Bool && !l.b) return ofBool(false);
    if (e.binaryOp == ast::BinaryOp::Or && l.kind == K::Bool && l.b) return ofBool(true);
    ConstValue r = fold(e.rhs, depth + 1);
    if (e.binaryOp == ast::BinaryOp::And || e.binaryOp == ast::BinaryOp::Or) {
      if (r.kind != K::Bool || l.kind != K::Bool) {
        // `x and false` is false, `x or true` is true, whatever x is.
        if (r.kind == K::Bool && e.binaryOp == ast::BinaryOp::And && !r.b) return ofBool(false);
        if (r.kind == K::Bool && e.binaryOp == ast::BinaryOp::Or && r.b) return ofBool(true);
        return {};
      }
      return ofBool(e.binaryOp == ast::BinaryOp::And ? (l.b && r.b) : (l.b || r.b));
    }
    if (l.kind == K::None || r.kind == K::None) return {};
    const bool numeric = (l.kind == K::Int || l.kind == K::Float) && (r.kind == K::Int || r.kind == K::Float);
    if (numeric && (l.kind == K::Float || r.kind == K::Float)) {
      double a = l.kind == K::Float ? l.f : static_cast<double>(l.i);
      double b = r.kind == K::Float ? r.f : static_cast<double>(r.i);
      return compare(e.binaryOp, a < b, a == b);
    }
    if (l.kind != r.kind) return {};
    switch (l.kind) {
      case K::Int: return compare(e.binaryOp, l.i < r.i, l.i == r.i);
      case K::String: return compare(e.binaryOp, l.s < r.s, l.s == r.s);
      case K::Bool:
        if (e.binaryOp == ast::BinaryOp::Eq) return ofBool(l.b == r.b);
        if (e.binaryOp == ast::BinaryOp::Ne) return ofBool(l.b != r.b);
        return {};
      default: return {};
    }
  }

  static ConstValue compare(ast::BinaryOp op, bool less, bool equal) {
    switch (op) {
      case ast::BinaryOp::Eq: return ofBool(equal);
      case ast::BinaryOp::Ne: return ofBool(!equal);
      case ast::BinaryOp::Lt: return ofBool(less);
      case ast::BinaryOp::Le: return ofBool(less || equal);
      case ast::BinaryOp::Gt: return ofBool(!less && !equal);
      case ast::BinaryOp::Ge: return ofBool(!less);
      default: return {};  // arithmetic is not folded: lints only need comparisons
    }
  }

  const ast::Module& mod_;
};

}  // namespace

ConstValue foldConstant(const sema::CheckedProgram&, const ast::Module& module, uint32_t, ast::ExprId id) {
  return Folder(module).fold(id, 0);
}

}  // namespace onb::checker
