#include "grammar/parser/token_lexer.hpp"

#include <array>
#include <cstdio>

#include "grammar/parser/utf8.hpp"

namespace onb::parser {

namespace {

constexpr std::array<std::string_view, 40> kKeywords = {
    "user",  "event",    "channel", "queue",  "cap",    "on",    "per",     "journey", "enter",     "when",
    "where", "requires", "goal",    "within", "exit",   "after", "holdout", "quiet",   "retention", "rule",
    "since", "first",    "last",    "any",    "unless", "if",    "limit",   "once",    "send",      "handoff",
    "emit",  "with",     "import",  "enum",   "true",   "false", "and",     "or",      "not",       "in"};

uint32_t wordLength(const char* p, const char* end) {
  const char* q = p;
  while (q < end && isWordChar(*q)) ++q;
  return static_cast<uint32_t>(q - p);
}

Token lexNumber(const char* p, const char* end) {
  const auto digitAt = [&](const char* q) { return q < end && isDigit(*q); };
  // CLOCK: exactly two digits, ':', two digits, and no third digit.
  if (end - p >= 5 && isDigit(p[1]) && p[2] == ':' && isDigit(p[3]) && isDigit(p[4]) && !digitAt(p + 5))
    return {TokenKind::Clock, 5};
  const char* q = p;
  while (digitAt(q)) ++q;
  bool fraction = false;
  if (q < end && *q == '.' && digitAt(q + 1)) {
    fraction = true;
    ++q;
    while (digitAt(q)) ++q;
  }
  if (q < end && *q == '%') return {TokenKind::Percent, static_cast<uint32_t>(q + 1 - p)};
  if (!fraction && q < end) {
    uint32_t unit = 0;
    if (end - q >= 2 && q[0] == 'm' && q[1] == 's')
      unit = 2;
    else if (*q == 's' || *q == 'm' || *q == 'h' || *q == 'd' || *q == 'w')
      unit = 1;
    // "ms" is tried before "m": 1mss is neither 1ms+s nor 1m+ss but an invalid number.
    if (unit > 0 && !(q + unit < end && isWordChar(q[unit])))
      return {TokenKind::Duration, static_cast<uint32_t>(q + unit - p)};
  }
  if (q < end && isLetter(*q)) return {TokenKind::InvalidNumber, static_cast<uint32_t>(q - p) + wordLength(q, end)};
  return {fraction ? TokenKind::Float : TokenKind::Int, static_cast<uint32_t>(q - p)};
}

Token lexString(const char* p, const char* end) {
  const char* q = p + 1;
  while (q < end && *q != '\n') {
    if (*q == '"') return {TokenKind::String, static_cast<uint32_t>(q + 1 - p)};
    // A backslash escapes the next character for the purpose of finding the end; whether
    // the escape is valid is checked when the string is decoded.
    if (*q == '\\' && q + 1 < end && q[1] != '\n') ++q;
    ++q;
  }
  const char* lineEnd = q;
  if (lineEnd > p + 1 && lineEnd[-1] == '\r') --lineEnd;
  return {TokenKind::UnterminatedString, static_cast<uint32_t>(lineEnd - p)};
}

Token lexAt(const char* p, const char* end) {
  if (end - p >= 2 && isDigit(p[1])) {
    if (uint32_t n = timestampLength(p, end)) return {TokenKind::Timestamp, n};
    // Report the whole word-like run as the bad timestamp, not just the '@'.
    const char* q = p + 1;
    while (q < end && (isWordChar(*q) || *q == ':' || *q == '.' || *q == '+' || *q == '-')) ++q;
    return {TokenKind::InvalidTimestamp, static_cast<uint32_t>(q - p)};
  }
  if (end - p >= 2 && isLetter(p[1])) return {TokenKind::Annotation, 1 + wordLength(p + 1, end)};
  return {TokenKind::InvalidChar, 1};
}

Token lexPunct(const char* p, const char* end) {
  const char c = *p;
  const char next = end - p >= 2 ? p[1] : '\0';
  switch (c) {
    case '?':
      return {TokenKind::Punct, next == '?' ? 2u : 1u};
    case '.':
      return {TokenKind::Punct, next == '.' ? 2u : 1u};
    case '=':
    case '<':
    case '>':
      return {TokenKind::Punct, next == '=' ? 2u : 1u};
    case '!':
      if (next == '=') return {TokenKind::Punct, 2};
      return {TokenKind::InvalidChar, 1};
    case '+':
    case '-':
    case '*':
    case '/':
    case '%':
    case '(':
    case ')':
    case '{':
    case '}':
    case '[':
    case ']':
    case ',':
    case ':':
    case '|':
      return {TokenKind::Punct, 1};
    default:
      break;
  }
  uint32_t cp;
  return {TokenKind::InvalidChar, decodeUtf8(p, end, cp)};
}

std::string clip(std::string_view text) {
  constexpr size_t kMax = 40;
  if (text.size() <= kMax) return std::string(text);
  size_t cut = kMax - 3;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // keep UTF-8 whole
  return std::string(text.substr(0, cut)) + "...";
}

}  // namespace

bool isKeyword(std::string_view word) {
  if (word.size() < 2 || word.size() > 9) return false;
  for (std::string_view k : kKeywords)
    if (k == word) return true;
  return false;
}

uint32_t timestampLength(const char* p, const char* end) {
  const char* q = p + 1;
  const auto digits = [&](int n) {
    for (int i = 0; i < n; ++i, ++q)
      if (q >= end || !isDigit(*q)) return false;
    return true;
  };
  const auto chr = [&](char c) {
    if (q < end && *q == c) {
      ++q;
      return true;
    }
    return false;
  };
  if (!(digits(4) && chr('-') && digits(2) && chr('-') && digits(2) && chr('T') && digits(2) && chr(':') && digits(2)))
    return 0;
  if (chr(':')) {
    if (!digits(2)) return 0;
    if (chr('.')) {
      if (!digits(1)) return 0;
      while (q < end && isDigit(*q)) ++q;
    }
  }
  if (chr('Z')) return static_cast<uint32_t>(q - p);
  if (chr('+') || chr('-')) {
    if (!digits(2)) return 0;
    chr(':');
    if (!digits(2)) return 0;
    return static_cast<uint32_t>(q - p);
  }
  return 0;
}

Token lexToken(const char* p, const char* end) {
  if (p >= end) return {TokenKind::Eof, 0};
  const char c = *p;
  if (isLetter(c)) {
    const uint32_t n = wordLength(p, end);
    return {isKeyword(std::string_view(p, n)) ? TokenKind::Keyword : TokenKind::Ident, n};
  }
  if (isDigit(c)) return lexNumber(p, end);
  if (c == '"') return lexString(p, end);
  if (c == '@') return lexAt(p, end);
  return lexPunct(p, end);
}

std::string describeCharacter(const char* p, const char* end) {
  uint32_t cp;
  const uint32_t length = decodeUtf8(p, end, cp);
  char code[16];
  std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(cp));
  if (cp < 0x20 || cp == 0x7F) return code;  // not printable
  std::string out = "`";
  out.append(p, length);
  out += "` (";
  out += code;
  out += ')';
  return out;
}

std::string describeToken(const char* p, const char* end) {
  const Token t = lexToken(p, end);
  const std::string_view text(p, t.length);
  // Built with append: GCC 12 warns falsely (-Wrestrict) on "literal" + std::string&&.
  const auto quoted = [&](std::string_view what) {
    std::string out(what);
    out += '`';
    out += clip(text);
    out += '`';
    return out;
  };
  switch (t.kind) {
    case TokenKind::Eof:
      return "end of file";
    case TokenKind::String:
    case TokenKind::UnterminatedString:
      return quoted("the string ");
    case TokenKind::Percent:
      return quoted("the percentage ");
    case TokenKind::Clock:
      return quoted("the clock time ");
    case TokenKind::Timestamp:
    case TokenKind::InvalidTimestamp:
      return quoted("the timestamp ");
    case TokenKind::InvalidChar:
      return "the character " + describeCharacter(p, end);
    case TokenKind::Ident:
    case TokenKind::Keyword:
    case TokenKind::Int:
    case TokenKind::Float:
    case TokenKind::Duration:
    case TokenKind::Annotation:
    case TokenKind::Punct:
    case TokenKind::InvalidNumber:
      break;
  }
  return quoted("");
}

}  // namespace onb::parser
