// The tokens of GRAMMAR.md section 1 as a plain function: which token starts at a given
// byte, and how long it is. The PEG rules use it for the tokens whose shape depends on
// maximal munch (numbers, punctuation, strings, timestamps), and error reporting and
// recovery use it to describe and skip whatever text they stand on. No PEGTL here.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace onb::parser {

enum class TokenKind : uint8_t {
  Eof,
  Ident,    // a word that is not a keyword
  Keyword,  // a reserved word (GRAMMAR.md KEYWORD)
  Int,
  Float,
  Duration,
  Percent,
  Clock,
  String,      // a terminated string literal (escapes are checked when it is decoded)
  Timestamp,   // @... with the form of TIMESTAMP (the date itself is checked when decoded)
  Annotation,  // @word
  Punct,
  // Text that is no token; each is reported with its own diagnostic kind.
  InvalidChar,
  InvalidNumber,       // 1.5h, 10x, 1e5
  UnterminatedString,  // runs to the end of the line
  InvalidTimestamp,    // @ and a digit, but not the TIMESTAMP form
};

struct Token {
  TokenKind kind = TokenKind::Eof;
  uint32_t length = 0;  // bytes; at least 1 except for Eof
};

inline bool isLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
inline bool isDigit(char c) { return c >= '0' && c <= '9'; }
inline bool isWordChar(char c) { return isLetter(c) || isDigit(c); }
inline bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// True for the reserved words of GRAMMAR.md section 1.
bool isKeyword(std::string_view word);

// The token that starts at `p` (which must not be whitespace or a comment). Never reads at
// or past `end`.
Token lexToken(const char* p, const char* end);

// The length of the TIMESTAMP form starting at `p` ('@' included), or 0 when the text is
// not that form.
uint32_t timestampLength(const char* p, const char* end);

// The character at `p` for messages: "`é` (U+00E9)", or "U+0000" when not printable.
std::string describeCharacter(const char* p, const char* end);

// A short description of a token for "found ..." in messages: "`enter`", "end of file",
// "the string `\"hi\"`".
std::string describeToken(const char* p, const char* end);

}  // namespace onb::parser
