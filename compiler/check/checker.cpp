#include "compiler/check/checker.hpp"

#include <algorithm>

#include "compiler/check/suppressions.hpp"

namespace onb {

sema::CheckedProgram check(const LoadedProgram& program, const SourceManager& sources, DiagnosticSink& sink,
                           const CheckOptions& options) {
  checker::Checker checker(program, sources, sink);
  sema::CheckedProgram result = checker.run(options);
  applySuppressions(program, sources, sink);
  return result;
}

}  // namespace onb

namespace onb::checker {

Checker::Checker(const LoadedProgram& loaded, const SourceManager& sources, DiagnosticSink& sink)
    : loaded_(loaded), sources_(sources), sink_(sink) {
  out_.modules.resize(loaded.modules.size());
  for (size_t m = 0; m < loaded.modules.size(); ++m) {
    auto& info = out_.modules[m];
    info.module = &loaded.modules[m];
    info.types.assign(loaded.modules[m].exprs.size(), Type::error());
    info.resolutions.assign(loaded.modules[m].exprs.size(), sema::Resolution{});
    info.promoteToFloat.assign(loaded.modules[m].exprs.size(), 0);
  }
}

sema::CheckedProgram Checker::run(const CheckOptions& options) {
  collectDeclarations();
  checkJourneys();
  if (options.lints) runLints();
  return std::move(out_);
}

std::string Checker::typeName(Type t) const {
  std::string name;
  switch (t.kind) {
    case TypeKind::Error: return "<error>";
    case TypeKind::Bool: name = "bool"; break;
    case TypeKind::Int: name = "int"; break;
    case TypeKind::Float: name = "float"; break;
    case TypeKind::String: name = "string"; break;
    case TypeKind::Time: name = "time"; break;
    case TypeKind::Duration: name = "duration"; break;
    case TypeKind::Enum: {
      name = "enum(";
      const auto& members = out_.enums[t.enumId].members;
      for (size_t i = 0; i < members.size(); ++i) name += (i ? ", " : "") + members[i];
      name += ")";
      break;
    }
  }
  if (t.optional) name += "?";
  return name;
}

uint32_t Checker::internEnum(const std::vector<std::string>& members) {
  for (size_t i = 0; i < out_.enums.size(); ++i)
    if (out_.enums[i].members == members) return static_cast<uint32_t>(i);
  out_.enums.push_back(sema::EnumDef{members});
  return static_cast<uint32_t>(out_.enums.size() - 1);
}

int32_t Checker::findEvent(std::string_view name) const {
  for (size_t i = 0; i < out_.events.size(); ++i)
    if (out_.events[i].name == name) return static_cast<int32_t>(i);
  return -1;
}

int32_t Checker::findChannel(std::string_view name) const {
  for (size_t i = 0; i < out_.channels.size(); ++i)
    if (out_.channels[i].name == name) return static_cast<int32_t>(i);
  return -1;
}

int32_t Checker::findQueue(std::string_view name) const {
  for (size_t i = 0; i < out_.queues.size(); ++i)
    if (out_.queues[i].name == name) return static_cast<int32_t>(i);
  return -1;
}

std::vector<std::string_view> Checker::eventNames() const {
  std::vector<std::string_view> names;
  for (const auto& e : out_.events) names.push_back(e.name);
  return names;
}

uint32_t Checker::lineOf(Span span) const {
  if (!span.valid()) return 0;
  return sources_.file(span.file).lineCol(span.begin).line;
}

namespace {

size_t editDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + cost});
      diag = up;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string Checker::suggest(std::string_view name, const std::vector<std::string_view>& candidates) {
  std::string_view best;
  size_t bestDistance = SIZE_MAX;
  for (std::string_view c : candidates) {
    if (c == name) continue;
    size_t d = editDistance(name, c);
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  // Close enough: a third of the longer name (at least one edit for short names).
  size_t limit = std::max<size_t>(1, std::max(name.size(), best.size()) / 3);
  if (best.empty() || bestDistance > limit) return "";
  return fmt::format("did you mean `{}`?", best);
}

}  // namespace onb::checker
