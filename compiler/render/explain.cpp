// `onb explain CODE` and the diagnostics catalog (docs/diagnostics.md): the kinds of
// diagnostic_kinds.def described for people.
#include <string>

#include <fmt/format.h>

#include "compiler/render/diag_wording.hpp"
#include "compiler/render/render.hpp"

namespace onb {
namespace {

// `text` for a Markdown table cell: outside `code spans`, the characters Markdown would
// read as markup are backslash-escaped; inside them only `|`, which would end the cell
// even there (GitHub Flavored Markdown).
std::string markdownCell(std::string_view text) {
  std::string out;
  bool inCode = false;
  for (char c : text) {
    if (c == '`') inCode = !inCode;
    bool escape = c == '|' || (!inCode && std::string_view("\\*_<>[]").find(c) != std::string_view::npos);
    if (escape) out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

std::string explainDiagnostic(DiagKind kind) {
  const DiagKindInfo& info = diagInfo(kind);
  std::string out =
      fmt::format("{} {} ({})\n\n{}\n", info.code, info.name, render::severityName(info.severity), info.explanation);
  if (render::isSilenceable(kind)) out += fmt::format("\n{}\n", render::silenceInstructions(kind));
  return out;
}

std::string renderDiagnosticCatalog() {
  std::string out = "| Code | Name | Severity | Explanation |\n|------|------|----------|-------------|\n";
  for (const DiagKindInfo& info : allDiagKinds()) {
    out += fmt::format("| {} | `{}` | {} | {} |\n", info.code, info.name, render::severityName(info.severity),
                       markdownCell(info.explanation));
  }
  return out;
}

}  // namespace onb
