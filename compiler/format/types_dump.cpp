#include "compiler/format/types_dump.hpp"

#include <algorithm>
#include <numeric>

#include <fmt/format.h>

#include "compiler/format/format_expr.hpp"

namespace onb {

namespace {

std::string_view historyName(stdlib::HistoryFn fn) {
  switch (fn) {
#define HISTORY(Id, Name, Result, AllowsWithin) \
  case stdlib::HistoryFn::Id:                   \
    return Name;
#include "stdlib/builtins.def"
  }
  return "?";
}

std::string_view sigTypeName(stdlib::SigType type) {
  switch (type) {
    case stdlib::SigType::None:
      return "";
    case stdlib::SigType::Bool:
      return "bool";
    case stdlib::SigType::Int:
      return "int";
    case stdlib::SigType::Float:
      return "float";
    case stdlib::SigType::String:
      return "string";
    case stdlib::SigType::Time:
      return "time";
    case stdlib::SigType::Duration:
      return "duration";
    case stdlib::SigType::OptTime:
      return "time?";
    case stdlib::SigType::OptDuration:
      return "duration?";
  }
  return "?";
}

std::string indexed(const auto& list, uint32_t index) {
  return index < list.size() ? list[index].name : fmt::format("#{}?", index);
}

// What a name-like expression denotes; empty for ResKind::None.
std::string resolutionText(const sema::CheckedProgram& program, const sema::Resolution& r, sema::Type type,
                           const ast::Expr& e) {
  switch (r.kind) {
    case sema::ResKind::None:
      return "";
    case sema::ResKind::Now:
      return "now";
    case sema::ResKind::EnteredAt:
      return "entered_at";
    case sema::ResKind::EventEver:
      return "ever " + indexed(program.events, r.index);
    case sema::ResKind::EventWithin:
      return "within " + indexed(program.events, r.index);
    case sema::ResKind::Trait:
      return "trait " + indexed(program.traits, r.index);
    case sema::ResKind::UserId:
      return "user id";
    case sema::ResKind::EventField:
      return "event property " + std::string(e.name.text);
    case sema::ResKind::History:
      return fmt::format("{}({})", historyName(r.history), indexed(program.events, r.index));
    case sema::ResKind::Builtin: {
      if (r.overload == stdlib::Overload::kCount) return "builtin ?";
      const stdlib::OverloadInfo& info = stdlib::overloadInfo(r.overload);
      std::string text = fmt::format("builtin {}(", info.name);
      for (uint8_t i = 0; i < info.arity && i < 2; ++i)
        text += fmt::format("{}{}", i > 0 ? ", " : "", sigTypeName(info.params[i]));
      text += ")";
      if (r.promoteArgs) text += " with int arguments as float";
      return text;
    }
    case sema::ResKind::EnumMember:
      if (type.kind == sema::TypeKind::Enum && type.enumId < program.enums.size() &&
          r.index < program.enums[type.enumId].members.size())
        return "member " + program.enums[type.enumId].members[r.index];
      return fmt::format("member #{}", r.index);
  }
  return "";
}

}  // namespace

std::string typeText(const sema::CheckedProgram& program, sema::Type type) {
  std::string text;
  switch (type.kind) {
    case sema::TypeKind::Error:
      return "error";
    case sema::TypeKind::Bool:
      text = "bool";
      break;
    case sema::TypeKind::Int:
      text = "int";
      break;
    case sema::TypeKind::Float:
      text = "float";
      break;
    case sema::TypeKind::String:
      text = "string";
      break;
    case sema::TypeKind::Time:
      text = "time";
      break;
    case sema::TypeKind::Duration:
      text = "duration";
      break;
    case sema::TypeKind::Enum:
      text = "enum(";
      if (type.enumId < program.enums.size()) {
        const auto& members = program.enums[type.enumId].members;
        for (size_t i = 0; i < members.size(); ++i) text += (i > 0 ? ", " : "") + members[i];
      }
      text += ')';
      break;
  }
  if (type.optional) text += '?';
  return text;
}

std::string dumpTypes(const sema::CheckedProgram& program, const LoadedProgram& loaded, const SourceManager& sources) {
  std::string out;
  for (uint32_t m = 0; m < loaded.modules.size(); ++m) {
    const ast::Module& module = loaded.modules[m];
    const SourceFile& file = sources.file(module.file);
    const sema::ModuleInfo* info = m < program.modules.size() ? &program.modules[m] : nullptr;
    out += fmt::format("module {}\n", file.path());
    std::vector<ast::ExprId> order(module.exprs.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](ast::ExprId a, ast::ExprId b) {
      const Span sa = module.exprs[a].span, sb = module.exprs[b].span;
      return sa.begin != sb.begin ? sa.begin < sb.begin : sa.end > sb.end;
    });
    for (ast::ExprId id : order) {
      const ast::Expr& e = module.exprs[id];
      const LineCol at = file.lineCol(e.span.begin);
      const bool typed = info && id < info->types.size();
      const sema::Type type = typed ? info->types[id] : sema::Type::error();
      out += fmt::format("  {}:{}  {}  : {}", at.line, at.column, format::formatExpr(module, file, id),
                         typeText(program, type));
      if (typed && id < info->resolutions.size()) {
        const std::string resolution = resolutionText(program, info->resolutions[id], type, e);
        if (!resolution.empty()) out += "  -> " + resolution;
      }
      if (typed && id < info->promoteToFloat.size() && info->promoteToFloat[id]) out += "  (as float)";
      out += '\n';
    }
  }
  return out;
}

}  // namespace onb
