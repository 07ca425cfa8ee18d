#include "grammar/diagnostics/diagnostic.hpp"

#include <algorithm>
#include <cctype>

namespace onb {

const std::vector<DiagKindInfo>& allDiagKinds() {
  static const std::vector<DiagKindInfo> kinds = {
#define DIAG(Kind, Code, Sev, Name, Explanation) {DiagKind::Kind, Code, Severity::Sev, Name, Explanation},
#include "grammar/diagnostics/diagnostic_kinds.def"
#undef DIAG
  };
  return kinds;
}

const DiagKindInfo& diagInfo(DiagKind kind) { return allDiagKinds()[static_cast<size_t>(kind)]; }

std::optional<DiagKind> findDiagKind(std::string_view key) {
  auto iequal = [](std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
             return std::toupper(static_cast<unsigned char>(x)) == std::toupper(static_cast<unsigned char>(y));
           });
  };
  for (const auto& info : allDiagKinds())
    if (iequal(info.code, key) || info.name == key) return info.kind;
  return std::nullopt;
}

Diagnostic& DiagnosticSink::report(DiagKind kind, Span span, std::string message) {
  add(Diagnostic{kind, diagInfo(kind).severity, span, std::move(message), {}, std::nullopt});
  return diagnostics_.back();
}

void DiagnosticSink::add(Diagnostic d) {
  count(d);
  diagnostics_.push_back(std::move(d));
}

void DiagnosticSink::count(const Diagnostic& d) {
  if (d.severity == Severity::Error) ++errors_;
  else if (d.severity == Severity::Warning) ++warnings_;
}

void DiagnosticSink::sortByLocation() {
  std::stable_sort(diagnostics_.begin(), diagnostics_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.span.file != b.span.file) return a.span.file < b.span.file;
    return a.span.begin < b.span.begin;
  });
}

}  // namespace onb
