// Tokens of the `.onbt` test language (docs/testing.md). The language is line oriented:
// newlines are tokens (the parser ignores them inside `{ }` maps).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/testing/test_diagnostic.hpp"
#include "grammar/source/source_file.hpp"

namespace onb::journeytest {

enum class Tok : uint8_t {
  End,
  Newline,
  Ident,     // [A-Za-z_][A-Za-z0-9_]*
  String,    // "text": `text` holds the decoded value
  Int,       // 42: `value`; `text` as written
  Float,     // 4.5: `real`; `text` as written
  Duration,  // 3d, 2h30m, 250ms: `value` in ms
  RelTime,   // +3d: `value` in ms from the test's start
  AbsTime,   // 2025-03-01T09:00:00Z: `value` in epoch ms
  LBrace,
  RBrace,
  Colon,
  Comma,
  Dot,
  Minus,
  Bad,  // a lexical error, already reported
};

struct Token {
  Tok kind = Tok::End;
  Span span;
  std::string text;
  int64_t value = 0;
  double real = 0;
};

// Splits a file into tokens, reporting lexical errors (each gives one Bad token). The last
// token is End.
std::vector<Token> lexTestFile(const SourceFile& file, TestDiagnostics& diagnostics);

// `3d`, `2h30m`, `250ms`: a count and a unit (w d h m s ms), repeated from the largest unit
// to the smallest, each unit at most once. nullopt when `text` is not such a duration.
std::optional<int64_t> parseTestDuration(std::string_view text);

// `+1d2h` style text for a duration in ms (`+0s` for zero, `-1h` when negative).
std::string formatOffset(int64_t ms);

}  // namespace onb::journeytest
