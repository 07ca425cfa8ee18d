// DiagFormat::Github: GitHub Actions workflow commands, one line per diagnostic, which the
// runner turns into annotations on the pull request:
//
//   ::error file=main.onb,line=3,col=10,endLine=3,endColumn=16,title=E0203 wrong-destination::message
//
// Warnings use ::warning and note-severity diagnostics ::notice. Notes, the fix-it and a
// warning's silence hint are folded into the message as extra lines, since one
// annotation per diagnostic keeps the pull request readable. GitHub takes columns only
// on a single line, so a span over several lines gives line and endLine only; endColumn
// is inclusive (the column of the last character).
#include <string>

#include <fmt/format.h>

#include "compiler/render/diag_wording.hpp"
#include "compiler/render/located_span.hpp"
#include "compiler/render/renderers.hpp"

namespace onb::render {
namespace {

std::string_view commandFor(Severity severity) {
  switch (severity) {
    case Severity::Error:
      return "error";
    case Severity::Warning:
      return "warning";
    case Severity::Note:
      return "notice";
  }
  return "error";  // unreachable: the switch names every Severity
}

// GitHub's escaping of a command's message: % CR LF.
std::string escapeData(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '%':
        out += "%25";
        break;
      case '\r':
        out += "%0D";
        break;
      case '\n':
        out += "%0A";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// GitHub's escaping of a property value: the data escapes, and the : and , that would
// end the property.
std::string escapeProperty(std::string_view text) {
  std::string out;
  for (char c : escapeData(text)) {
    switch (c) {
      case ':':
        out += "%3A";
        break;
      case ',':
        out += "%2C";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string properties(const Diagnostic& d, const LocatedSpan& at) {
  std::string out;
  if (at.located()) {
    out += fmt::format("file={},line={},", escapeProperty(at.file->path()), at.begin.line);
    if (at.last.line == at.begin.line) out += fmt::format("col={},", at.begin.column);
    out += fmt::format("endLine={},", at.last.line);
    if (at.last.line == at.begin.line) out += fmt::format("endColumn={},", at.last.column);
  }
  out += "title=" + escapeProperty(kindTitle(d.kind));
  return out;
}

std::string message(const Diagnostic& d, const SourceManager& sources) {
  std::string text = d.message;
  for (const DiagNote& note : d.notes) {
    LocatedSpan at = locate(sources, note.span);
    if (at.located())
      text += fmt::format("\n{}:{}:{}: note: {}", at.file->path(), at.begin.line, at.begin.column, note.message);
    else
      text += "\nnote: " + note.message;
  }
  if (d.fix) text += "\nhelp: " + fixHelp(*d.fix, d.span, sources);
  if (isSilenceable(d.kind)) text += "\nnote: " + silenceHint(d.kind);
  return text;
}

}  // namespace

std::string renderGithub(const std::vector<Diagnostic>& diagnostics, const SourceManager& sources) {
  std::string out;
  for (const Diagnostic& d : diagnostics) {
    out += fmt::format("::{} {}::{}\n", commandFor(d.severity), properties(d, locate(sources, d.span)),
                       escapeData(message(d, sources)));
  }
  return out;
}

}  // namespace onb::render
