// The source excerpt under a text diagnostic: one source line behind a line-number gutter,
// and a marker line with `^` under the first character of the span and `~` under the rest
// of the span on that line:
//
//   3 |     send welcome
//     |          ^~~~~~~
//
// Tabs are expanded to the next multiple of kTabWidth cells, characters are measured in
// terminal cells (cellWidth) so the marker lines up under wide characters, and characters
// unsafe for a terminal (controls, bidi overrides, invalid UTF-8) print as U+FFFD.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "compiler/render/located_span.hpp"

namespace onb::render {

inline constexpr int kTabWidth = 4;

// ANSI escape sequences wrapped around parts of the snippet; all empty for no colour.
struct SnippetColors {
  std::string_view gutter;  // the line number and the `|`
  std::string_view marker;  // the `^~~~`
  std::string_view reset;
};

// The width of the gutter's line-number column for `line` (its number of digits).
int gutterWidth(uint32_t line);

// Appends the two lines for `span` (which must be located), each ending in '\n'. Only
// the span's first line is shown; a span reaching past the end of that line is marked to
// the end of the line, and an empty span or one at the end of the line or file gets a
// single `^` just past the last character. `width` is the line-number column width
// (at least gutterWidth(span.begin.line)).
void appendSnippet(std::string& out, const LocatedSpan& span, int width, const SnippetColors& colors);

// `text` made safe for a terminal: unsafe characters (isUnsafeForTerminal, tab included)
// and invalid UTF-8 become U+FFFD. For messages and other single-line text.
std::string terminalSafe(std::string_view text);

}  // namespace onb::render
