#include "grammar/ast/ast.hpp"

namespace onb::ast {

std::string_view exprKindName(ExprKind kind) {
  switch (kind) {
#define EXPR_KIND(Kind) \
  case ExprKind::Kind:  \
    return #Kind;
#include "grammar/ast/expr_kinds.def"
#undef EXPR_KIND
  }
  return "?";
}

std::string_view opText(UnaryOp op) {
  switch (op) {
    case UnaryOp::Neg: return "-";
    case UnaryOp::Not: return "not";
  }
  return "?";
}

std::string_view opText(BinaryOp op) {
  switch (op) {
    case BinaryOp::Or: return "or";
    case BinaryOp::And: return "and";
    case BinaryOp::Eq: return "==";
    case BinaryOp::Ne: return "!=";
    case BinaryOp::Lt: return "<";
    case BinaryOp::Le: return "<=";
    case BinaryOp::Gt: return ">";
    case BinaryOp::Ge: return ">=";
    case BinaryOp::Coalesce: return "??";
    case BinaryOp::Add: return "+";
    case BinaryOp::Sub: return "-";
    case BinaryOp::Mul: return "*";
    case BinaryOp::Div: return "/";
    case BinaryOp::Mod: return "%";
  }
  return "?";
}

std::string_view unitText(DurationUnit unit) {
  switch (unit) {
    case DurationUnit::Ms: return "ms";
    case DurationUnit::S: return "s";
    case DurationUnit::M: return "m";
    case DurationUnit::H: return "h";
    case DurationUnit::D: return "d";
    case DurationUnit::W: return "w";
  }
  return "?";
}

int64_t unitMillis(DurationUnit unit) {
  switch (unit) {
    case DurationUnit::Ms: return 1;
    case DurationUnit::S: return 1000;
    case DurationUnit::M: return 60'000;
    case DurationUnit::H: return 3'600'000;
    case DurationUnit::D: return 86'400'000;
    case DurationUnit::W: return 7 * 86'400'000LL;
  }
  return 1;
}

std::string_view baseTypeName(BaseType type) {
  switch (type) {
    case BaseType::Bool: return "bool";
    case BaseType::Int: return "int";
    case BaseType::Float: return "float";
    case BaseType::String: return "string";
    case BaseType::Time: return "time";
    case BaseType::Duration: return "duration";
    case BaseType::Enum: return "enum";
  }
  return "?";
}

}  // namespace onb::ast
