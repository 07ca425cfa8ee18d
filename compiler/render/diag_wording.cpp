#include "compiler/render/diag_wording.hpp"

#include <fmt/format.h>

#include "compiler/render/located_span.hpp"

namespace onb::render {

std::string_view severityName(Severity severity) {
  switch (severity) {
    case Severity::Error:
      return "error";
    case Severity::Warning:
      return "warning";
    case Severity::Note:
      return "note";
  }
  return "error";  // unreachable: the switch names every Severity
}

std::string kindTitle(DiagKind kind) {
  const DiagKindInfo& info = diagInfo(kind);
  return fmt::format("{} {}", info.code, info.name);
}

bool isSilenceable(DiagKind kind) { return diagInfo(kind).severity == Severity::Warning; }

std::string silenceHint(DiagKind kind) { return fmt::format("silence with `# onb:allow {}`", diagInfo(kind).name); }

std::string silenceInstructions(DiagKind kind) {
  std::string_view name = diagInfo(kind).name;
  return fmt::format(
      "To silence it for one declaration, journey or rule, write\n"
      "    # onb:allow {0}\n"
      "on the line before it (or at the end of the same line). To silence it for a whole\n"
      "file, write\n"
      "    # onb:allow-file {0}\n"
      "anywhere in that file.",
      name);
}

std::string fixHelp(const FixIt& fix, Span primary, const SourceManager& sources) {
  LocatedSpan target = locate(sources, fix.span);
  std::string_view old;
  if (target.located()) old = target.file->text().substr(target.beginOffset, target.endOffset - target.beginOffset);
  if (target.located() && old.empty()) return fmt::format("insert `{}`", fix.replacement);
  if (fix.replacement.empty()) return old.empty() ? std::string("remove it") : fmt::format("remove `{}`", old);
  bool samePlace = fix.span.file == primary.file && fix.span.begin == primary.begin && fix.span.end == primary.end;
  if (samePlace || old.empty()) return fmt::format("replace with `{}`", fix.replacement);
  return fmt::format("replace `{}` with `{}`", old, fix.replacement);
}

std::string countSummary(size_t errors, size_t warnings) {
  std::string out;
  if (errors > 0) out += fmt::format("{} error{}", errors, errors == 1 ? "" : "s");
  if (warnings > 0) {
    if (!out.empty()) out += ", ";
    out += fmt::format("{} warning{}", warnings, warnings == 1 ? "" : "s");
  }
  return out;
}

}  // namespace onb::render
