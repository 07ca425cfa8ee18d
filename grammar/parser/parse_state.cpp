#include "grammar/parser/parse_state.hpp"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <string>

#include "grammar/parser/token_lexer.hpp"

namespace onb::parser {

namespace {

// Skips whitespace and comments without recording anything.
const char* skipTriviaQuietly(const char* p, const char* end) {
  while (p < end) {
    if (isSpace(*p)) {
      ++p;
    } else if (*p == '#') {
      while (p < end && *p != '\n') ++p;
    } else {
      break;
    }
  }
  return p;
}

// For a fractional duration such as `1.5d`, the same length as a whole count of the
// largest smaller unit that holds it exactly ("36h"); empty when there is none.
std::string wholeDuration(std::string_view text) {
  const size_t unitAt = text.find_first_not_of("0123456789.");
  if (unitAt == std::string_view::npos || unitAt > 18) return "";  // keep the arithmetic in 64 bits
  constexpr ast::DurationUnit kUnits[] = {ast::DurationUnit::W, ast::DurationUnit::D, ast::DurationUnit::H,
                                          ast::DurationUnit::M, ast::DurationUnit::S, ast::DurationUnit::Ms};
  const std::string_view suffix = text.substr(unitAt);
  size_t given = std::size(kUnits);
  for (size_t u = 0; u < std::size(kUnits); ++u)
    if (ast::unitText(kUnits[u]) == suffix) given = u;
  if (given == std::size(kUnits)) return "";
  // The number as numerator / 10^fraction digits.
  int64_t numerator = 0, denominator = 1;
  bool fraction = false;
  for (char c : text.substr(0, unitAt)) {
    if (c == '.') {
      fraction = true;
      continue;
    }
    numerator = numerator * 10 + (c - '0');
    if (fraction) denominator *= 10;
  }
  for (size_t u = given + 1; u < std::size(kUnits); ++u) {
    const int64_t factor = ast::unitMillis(kUnits[given]) / ast::unitMillis(kUnits[u]);
    if (numerator > INT64_MAX / factor) return "";
    if (numerator * factor % denominator == 0)
      return std::to_string(numerator * factor / denominator) + std::string(ast::unitText(kUnits[u]));
  }
  return "";
}

bool isLexicalError(TokenKind kind) {
  switch (kind) {
    case TokenKind::InvalidChar:
    case TokenKind::InvalidNumber:
    case TokenKind::UnterminatedString:
    case TokenKind::InvalidTimestamp:
    case TokenKind::Percent:
      return true;
    case TokenKind::Eof:
    case TokenKind::Ident:
    case TokenKind::Keyword:
    case TokenKind::Int:
    case TokenKind::Float:
    case TokenKind::Duration:
    case TokenKind::Clock:
    case TokenKind::String:
    case TokenKind::Timestamp:
    case TokenKind::Annotation:
    case TokenKind::Punct:
      return false;
  }
  return false;
}

}  // namespace

ParseState::ParseState(const SourceFile& file, ast::Module& module, DiagnosticSink& sink, const ParseOptions& options)
    : module(module), sink(sink), options(options), file_(file), text_(file.text()) {}

Span ParseState::tokenSpan(const char* p) const {
  const Token t = lexToken(p, textEnd());
  return span(offset(p), offset(p) + t.length);
}

std::string_view ParseState::tokenText(const char* p) const {
  return std::string_view(p, lexToken(p, textEnd()).length);
}

Span ParseState::rangeSpan(const char* begin, const char* end) const {
  const uint32_t b = offset(begin);
  uint32_t e = offset(end);
  const auto& comments = module.comments;
  while (e > b) {
    if (isSpace(text_[e - 1])) {
      --e;
      continue;
    }
    // A comment that ends here (comments never overlap, so they are sorted by end too).
    auto it = std::lower_bound(comments.begin(), comments.end(), e,
                               [](const ast::Comment& c, uint32_t offset) { return c.span.end < offset; });
    if (it != comments.end() && it->span.end == e && it->span.begin >= b) {
      e = it->span.begin;
      continue;
    }
    break;
  }
  return span(b, e);
}

const char* ParseState::nextToken(const char* p) const {
  return skipTriviaQuietly(p + lexToken(p, textEnd()).length, textEnd());
}

ast::Ident ParseState::identAt(const char* p) const {
  const char* q = p;
  while (q < textEnd() && isWordChar(*q)) ++q;
  return ast::Ident{std::string_view(p, static_cast<size_t>(q - p)), span(offset(p), offset(q))};
}

const char* ParseState::skipTrivia(const char* p) {
  const char* end = textEnd();
  while (p < end) {
    if (isSpace(*p)) {
      ++p;
    } else if (*p == '#') {
      const char* start = p;
      while (p < end && *p != '\n') ++p;
      const char* stop = p > start + 1 && p[-1] == '\r' ? p - 1 : p;
      addComment(offset(start), offset(stop));
    } else {
      break;
    }
  }
  return p;
}

void ParseState::addComment(uint32_t begin, uint32_t end) {
  // Lookahead and recovery may pass over a comment more than once; keep the first time.
  if (anyComment_ && begin <= lastCommentBegin_) return;
  anyComment_ = true;
  lastCommentBegin_ = begin;
  module.comments.push_back(ast::Comment{span(begin, end)});
}

Diagnostic& ParseState::report(DiagKind kind, Span where, std::string message) {
  module.hadSyntaxErrors = true;
  if (errorCount >= options.maxErrors) throw StopParsing{};
  ++errorCount;
  return sink.report(kind, where, std::move(message));
}

SyntaxError ParseState::lexicalError(const char* at) const {
  const Token t = lexToken(at, textEnd());
  const std::string_view text(at, t.length);
  const Span where = span(offset(at), offset(at) + t.length);
  switch (t.kind) {
    case TokenKind::InvalidChar:
      return {DiagKind::InvalidCharacter, where,
              "invalid character " + describeCharacter(at, textEnd()) +
                  ": outside strings and comments only ASCII letters, digits, punctuation and whitespace are allowed"};
    case TokenKind::InvalidNumber: {
      const bool fraction = text.find('.') != std::string_view::npos;
      const std::string whole = fraction ? wholeDuration(text) : "";
      return {DiagKind::InvalidNumber, where,
              "invalid number `" + std::string(text) + "`: " +
                  (!whole.empty() ? "a duration takes an integer count (write " + whole + ")"
                   : fraction     ? std::string("a duration takes an integer count (write 90m, not 1.5h)")
                                  : std::string("a number may only be followed by a duration unit (ms, s, m, h, d, "
                                                "w); there is no exponent form"))};
    }
    case TokenKind::UnterminatedString:
      return {DiagKind::UnterminatedString, where,
              "unterminated string: a string must end with `\"` on the same line (write \\n for a line break)"};
    case TokenKind::InvalidTimestamp:
      return {DiagKind::InvalidTimestamp, where,
              "invalid timestamp `" + std::string(text) +
                  "`: expected @YYYY-MM-DDTHH:MM[:SS[.fff]] followed by Z or an offset such as +02:00"};
    case TokenKind::Percent:
      return {DiagKind::MisplacedPercent, where,
              "misplaced percentage `" + std::string(text) +
                  "`: a number directly followed by `%` is a percentage, valid only after `holdout`; for the "
                  "modulo operator put a space before `%`"};
    case TokenKind::Eof:
    case TokenKind::Ident:
    case TokenKind::Keyword:
    case TokenKind::Int:
    case TokenKind::Float:
    case TokenKind::Duration:
    case TokenKind::Clock:
    case TokenKind::String:
    case TokenKind::Timestamp:
    case TokenKind::Annotation:
    case TokenKind::Punct:
      break;
  }
  return {DiagKind::SyntaxExpected, where, "unexpected " + describeToken(at, textEnd())};
}

SyntaxError ParseState::expected(const char* at, std::string_view what) const {
  if (isLexicalError(lexToken(at, textEnd()).kind)) return lexicalError(at);
  return {DiagKind::SyntaxExpected, tokenSpan(at),
          "expected " + expandPlaceholders(what, at) + ", found " + describeToken(at, textEnd())};
}

SyntaxError ParseState::errorAt(DiagKind kind, const char* at, std::string_view message) const {
  return {kind, tokenSpan(at), expandPlaceholders(message, at)};
}

std::string ParseState::expandPlaceholders(std::string_view text, const char* at) const {
  if (text.find('{') == std::string_view::npos) return std::string(text);
  // The two tokens before `at`, found by lexing forward from the start of the item (the
  // text before a token cannot be lexed backwards: strings and comments).
  std::string_view prev, prev2;
  const char* p = skipTriviaQuietly(textBegin() + itemStart, textEnd());
  while (p < at) {
    const std::string_view token = tokenText(p);
    if (token.empty()) break;
    prev2 = prev;
    prev = token;
    p = nextToken(p);
  }
  std::string out;
  for (size_t i = 0; i < text.size();) {
    const auto take = [&](std::string_view key, std::string_view value) {
      if (text.substr(i, key.size()) != key) return false;
      out += value;
      i += key.size();
      return true;
    };
    if (take("{prev2}", prev2.empty() ? std::string(prev) : std::string(prev2) + " " + std::string(prev))) continue;
    if (take("{prev}", prev) || take("{journey}", journey.name.text) || take("{rule}", rule.name.text)) continue;
    if (take("{call}", calls.empty() ? std::string_view("f") : calls.back().name.text)) continue;
    out += text[i++];
  }
  return out;
}

void ParseState::resetAfterError(bool topLevel) {
  operands.clear();
  marks.clear();
  prefixOps.clear();
  prefixMarks.clear();
  calls.clear();
  nesting = 0;
  type = {};
  field = {};
  fields.clear();
  capChannels.clear();
  pairs.clear();
  where = condition = ast::kNoExpr;
  rule = {};
  counts = {};
  whenEvents.clear();
  action = {};
  withEntry = {};
  if (topLevel) {
    inJourney = journeyAbandoned = journeyHadErrors = false;
    journey = {};
  } else {
    journeyHadErrors = true;
  }
}

}  // namespace onb::parser
