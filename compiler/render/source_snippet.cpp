#include "compiler/render/source_snippet.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "compiler/render/unicode.hpp"

namespace onb::render {

int gutterWidth(uint32_t line) {
  int digits = 1;
  while (line >= 10) line /= 10, ++digits;
  return digits;
}

void appendSnippet(std::string& out, const LocatedSpan& span, int width, const SnippetColors& colors) {
  const SourceFile& file = *span.file;
  uint32_t line = span.begin.line;
  std::string_view text = file.lineText(line);
  // The span as byte offsets into `text`; markBegin may equal text.size() (end of line).
  size_t lineStart = file.lineStart(line);
  size_t markBegin = std::min<size_t>(span.beginOffset - lineStart, text.size());
  size_t markEnd = std::min<size_t>(span.endOffset - lineStart, text.size());

  std::string shown;  // the line as displayed
  int cell = 0;       // display cells so far
  int markCell = -1;  // where `^` goes
  int markCells = 0;  // cells the span covers on this line
  size_t pos = 0;
  while (pos < text.size()) {
    size_t charBegin = pos;
    char32_t cp = decodeUtf8(text, pos);
    int cells;
    if (cp == '\t') {
      cells = kTabWidth - cell % kTabWidth;
      shown.append(static_cast<size_t>(cells), ' ');
    } else {
      if (isUnsafeForTerminal(cp)) cp = kReplacementChar;
      cells = cellWidth(cp);
      appendUtf8(shown, cp);
    }
    // The caret goes under the character holding markBegin; the marker covers every
    // character overlapping [markBegin, markEnd).
    if (pos > markBegin) {
      if (markCell < 0) markCell = cell;
      if (charBegin < markEnd) markCells += cells;
    }
    cell += cells;
  }
  if (markCell < 0) markCell = cell;   // at the end of the line or file
  markCells = std::max(markCells, 1);  // an empty span still gets its caret

  std::string number = fmt::format("{:>{}}", line, width);
  std::string blank(static_cast<size_t>(width), ' ');
  // No trailing space after the bar when the source line is empty.
  out += fmt::format("{}{} |{}{}{}\n", colors.gutter, number, colors.reset, shown.empty() ? "" : " ", shown);
  out += fmt::format("{}{} |{} {}{}^{}{}\n", colors.gutter, blank, colors.reset,
                     std::string(static_cast<size_t>(markCell), ' '), colors.marker,
                     std::string(static_cast<size_t>(markCells - 1), '~'), colors.reset);
}

std::string terminalSafe(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    char32_t cp = decodeUtf8(text, pos);
    appendUtf8(out, isUnsafeForTerminal(cp) ? kReplacementChar : cp);
  }
  return out;
}

}  // namespace onb::render
