// The little Unicode the renderers need: lenient UTF-8 decoding (source files and messages
// may hold invalid bytes; output must stay valid UTF-8) and terminal cell widths (so a
// caret lines up under CJK text and emoji).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace onb::render {

inline constexpr char32_t kReplacementChar = 0xFFFD;

// Decodes the code point that starts at text[pos] (pos < text.size()) and advances pos past
// it. An invalid, overlong or truncated sequence, a surrogate, a value above U+10FFFF or a
// stray continuation byte decodes to kReplacementChar and advances pos by one byte.
char32_t decodeUtf8(std::string_view text, size_t& pos);

// Appends the UTF-8 encoding of a valid code point.
void appendUtf8(std::string& out, char32_t cp);

// Terminal cells a printable code point occupies: 0 for combining marks and zero-width
// characters, 2 for East Asian wide and fullwidth characters and emoji, 1 otherwise.
// Tabs and control characters are the caller's business.
int cellWidth(char32_t cp);

// True for characters that must not reach a terminal as they are: C0 and C1 controls
// (tab included), DEL, and the bidirectional overrides and isolates that can make source
// text read differently from how it compiles.
bool isUnsafeForTerminal(char32_t cp);

}  // namespace onb::render
