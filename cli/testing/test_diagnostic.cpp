#include "cli/testing/test_diagnostic.hpp"

#include <fmt/format.h>

#include "compiler/render/located_span.hpp"
#include "compiler/render/source_snippet.hpp"

namespace onb::journeytest {

std::string locationText(const SourceManager& sources, Span span) {
  render::LocatedSpan at = render::locate(sources, span);
  if (!at.located()) return "";
  return fmt::format("{}:{}:{}", at.file->path(), at.begin.line, at.begin.column);
}

std::string renderTestDiagnostics(const std::vector<TestDiagnostic>& diagnostics, const SourceManager& sources) {
  std::string out;
  for (const TestDiagnostic& d : diagnostics) {
    render::LocatedSpan at = render::locate(sources, d.span);
    if (!at.located()) {
      out += fmt::format("onb test: error: {}\n", render::terminalSafe(d.message));
      continue;
    }
    out += fmt::format("{}:{}:{}: error: {}\n", at.file->path(), at.begin.line, at.begin.column,
                       render::terminalSafe(d.message));
    render::appendSnippet(out, at, render::gutterWidth(at.begin.line), render::SnippetColors{});
  }
  return out;
}

}  // namespace onb::journeytest
