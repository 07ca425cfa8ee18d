#include "grammar/parser/recovery.hpp"

#include <string_view>

#include "grammar/parser/token_lexer.hpp"

namespace onb::parser {

namespace {

bool isOneOf(std::string_view word, std::initializer_list<std::string_view> words) {
  for (std::string_view w : words)
    if (w == word) return true;
  return false;
}

// A keyword that starts a top-level declaration wherever it appears.
bool isStrongTopKeyword(std::string_view word) { return isOneOf(word, {"import", "channel", "queue", "journey"}); }

bool isPunct(const Token& t, const char* p, char c) { return t.kind == TokenKind::Punct && t.length == 1 && *p == c; }

}  // namespace

SkipResult skipAfterError(ParseState& st, uint32_t itemStart, uint32_t errorOffset, bool topLevel) {
  const char* const end = st.textEnd();
  const char* const start = st.textBegin() + itemStart;
  const char* const errorAt = st.textBegin() + errorOffset;

  // Braces opened between the item's start and the error.
  int depth = 0;
  bool sawBrace = false;
  bool prevDot = false;
  const char* p = start;
  while (p < errorAt) {
    const Token t = lexToken(p, end);
    if (t.kind == TokenKind::Eof) break;
    if (isPunct(t, p, '{'))
      ++depth, sawBrace = true;
    else if (isPunct(t, p, '}'))
      --depth;
    prevDot = isPunct(t, p, '.');
    p = st.skipTrivia(p + t.length);
  }
  // `rule r when ...` without its `{`: its `}` most likely still ends it.
  if (!topLevel && !sawBrace && depth == 0 && std::string_view(start, lexToken(start, end).length) == "rule") depth = 1;

  for (;;) {
    const Token t = lexToken(p, end);
    if (t.kind == TokenKind::Eof) return {st.offset(end), true};
    if (p > start && t.kind == TokenKind::Keyword) {
      const std::string_view word(p, t.length);
      const char* next = st.skipTrivia(p + t.length);
      const Token after = lexToken(next, end);
      const bool usedAsName = prevDot || isPunct(after, next, ':') || isPunct(after, next, '.');
      if (!usedAsName) {
        const bool top = isStrongTopKeyword(word) || (depth <= 0 && isOneOf(word, {"user", "event"})) ||
                         (topLevel && depth <= 0 && word == "cap");
        if (top) return {st.offset(p), true};
        if (!topLevel && (word == "rule" || (depth <= 0 && isOneOf(word, {"enter", "goal", "exit", "holdout", "quiet",
                                                                          "retention", "cap"}))))
          return {st.offset(p), false};
      }
    }
    if (isPunct(t, p, '{')) {
      ++depth;
    } else if (isPunct(t, p, '}')) {
      if (!topLevel && depth <= 0 && p > start) return {st.offset(p), false};  // closes the journey
      depth = depth > 0 ? depth - 1 : 0;
    }
    prevDot = isPunct(t, p, '.');
    p = st.skipTrivia(p + t.length);
  }
}

}  // namespace onb::parser
