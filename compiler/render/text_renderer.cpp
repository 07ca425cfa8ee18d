// DiagFormat::Text: diagnostics for people, in the shape compilers have taught them:
//
//   main.onb:3:10: error[E0203]: `welcome` is a queue; `send` needs a channel
//   3 |     send welcome
//     |          ^~~~~~~
//   main.onb:1:7: note: `welcome` is declared here
//   1 | queue welcome
//     |       ^~~~~~~
//     = help: replace `send welcome` with `handoff welcome`
//
//   1 error
//
// Diagnostics are separated by a blank line; the summary counts errors and warnings and
// is left out when there are none. A warning ends with a note telling how to silence it.
// Unlocated diagnostics start with `onb:`; unlocated notes are `= note:` lines.
#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "compiler/render/diag_wording.hpp"
#include "compiler/render/located_span.hpp"
#include "compiler/render/renderers.hpp"
#include "compiler/render/source_snippet.hpp"

namespace onb::render {
namespace {

// ANSI escape sequences for each part of the output; all empty without colour.
struct Palette {
  std::string_view bold;
  std::string_view error;
  std::string_view warning;
  std::string_view note;
  std::string_view help;
  std::string_view gutter;
  std::string_view reset;
};

constexpr Palette kPlain{};
constexpr Palette kAnsi{"\x1b[1m", "\x1b[1;31m", "\x1b[1;33m", "\x1b[1;36m", "\x1b[1;32m", "\x1b[1;34m", "\x1b[0m"};

std::string_view severityColor(Severity severity, const Palette& palette) {
  switch (severity) {
    case Severity::Error:
      return palette.error;
    case Severity::Warning:
      return palette.warning;
    case Severity::Note:
      return palette.note;
  }
  return palette.error;  // unreachable: the switch names every Severity
}

// `path:line:col:` or, without a location, `onb:`.
std::string locationLabel(const LocatedSpan& at) {
  if (!at.located()) return "onb:";
  return fmt::format("{}:{}:{}:", terminalSafe(at.file->path()), at.begin.line, at.begin.column);
}

class TextRenderer {
 public:
  TextRenderer(const SourceManager& sources, const Palette& palette) : sources_(sources), palette_(palette) {}

  void append(std::string& out, const Diagnostic& d) const {
    LocatedSpan primary = locate(sources_, d.span);
    std::vector<LocatedSpan> notes;
    int width = primary.located() ? gutterWidth(primary.begin.line) : 1;
    for (const DiagNote& note : d.notes) {
      notes.push_back(locate(sources_, note.span));
      if (notes.back().located()) width = std::max(width, gutterWidth(notes.back().begin.line));
    }
    const Palette& p = palette_;
    std::string_view color = severityColor(d.severity, p);
    out +=
        fmt::format("{}{}{} {}{}[{}]:{} {}{}{}\n", p.bold, locationLabel(primary), p.reset, color,
                    severityName(d.severity), diagInfo(d.kind).code, p.reset, p.bold, terminalSafe(d.message), p.reset);
    if (primary.located()) appendSnippet(out, primary, width, SnippetColors{p.gutter, color, p.reset});

    for (size_t i = 0; i < d.notes.size(); ++i) {
      if (!notes[i].located()) {
        appendTrailer(out, width, p.note, "note", d.notes[i].message);
        continue;
      }
      out += fmt::format("{}{}{} {}note:{} {}\n", p.bold, locationLabel(notes[i]), p.reset, p.note, p.reset,
                         terminalSafe(d.notes[i].message));
      appendSnippet(out, notes[i], width, SnippetColors{p.gutter, p.note, p.reset});
    }
    if (d.fix) appendTrailer(out, width, p.help, "help", fixHelp(*d.fix, d.span, sources_));
    if (isSilenceable(d.kind)) appendTrailer(out, width, p.note, "note", silenceHint(d.kind));
  }

 private:
  // `  = note: text`, the `=` under the gutter's bar.
  void appendTrailer(std::string& out, int width, std::string_view color, std::string_view label,
                     std::string_view text) const {
    out += fmt::format("{}{}={} {}{}:{} {}\n", std::string(static_cast<size_t>(width) + 1, ' '), palette_.gutter,
                       palette_.reset, color, label, palette_.reset, terminalSafe(text));
  }

  const SourceManager& sources_;
  const Palette& palette_;
};

}  // namespace

std::string renderText(const std::vector<Diagnostic>& diagnostics, const SourceManager& sources, bool color) {
  const Palette& palette = color ? kAnsi : kPlain;
  TextRenderer renderer(sources, palette);
  std::string out;
  size_t errors = 0;
  size_t warnings = 0;
  for (const Diagnostic& d : diagnostics) {
    if (!out.empty()) out += '\n';
    renderer.append(out, d);
    if (d.severity == Severity::Error) ++errors;
    if (d.severity == Severity::Warning) ++warnings;
  }
  std::string summary = countSummary(errors, warnings);
  if (!summary.empty()) out += fmt::format("\n{}{}{}\n", palette.bold, summary, palette.reset);
  return out;
}

}  // namespace onb::render
