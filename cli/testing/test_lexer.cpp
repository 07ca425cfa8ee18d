#include "cli/testing/test_lexer.hpp"

#include <optional>
#include <string_view>

#include <fmt/format.h>

#include "grammar/parser/utf8.hpp"
#include "stdlib/civil_time.hpp"

namespace onb::journeytest {

namespace {

struct Unit {
  std::string_view name;
  int64_t ms;
};
// Largest first: a compound duration lists its units in this order.
constexpr Unit kUnits[] = {{"w", 7 * 86'400'000LL}, {"d", 86'400'000LL}, {"h", 3'600'000LL},
                           {"m", 60'000LL},          {"s", 1'000LL},      {"ms", 1LL}};

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isIdentStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool isIdentChar(char c) { return isIdentStart(c) || isDigit(c); }
bool isLower(char c) { return c >= 'a' && c <= 'z'; }

class Lexer {
 public:
  Lexer(const SourceFile& file, TestDiagnostics& diagnostics)
      : file_(file), text_(file.text()), diagnostics_(diagnostics) {}

  std::vector<Token> run() {
    while (pos_ < text_.size()) next();
    add(Tok::End, pos_, pos_);
    return std::move(tokens_);
  }

 private:
  void next() {
    const size_t start = pos_;
    const char c = text_[pos_];
    if (c == ' ' || c == '\t' || c == '\r') return void(++pos_);
    if (c == '#') {
      while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
      return;
    }
    if (c == '\n') return void(add(Tok::Newline, start, ++pos_));
    if (c == '{') return void(add(Tok::LBrace, start, ++pos_));
    if (c == '}') return void(add(Tok::RBrace, start, ++pos_));
    if (c == ':') return void(add(Tok::Colon, start, ++pos_));
    if (c == ',') return void(add(Tok::Comma, start, ++pos_));
    if (c == '.') return void(add(Tok::Dot, start, ++pos_));
    if (c == '-') return void(add(Tok::Minus, start, ++pos_));
    if (c == '"') return string();
    if (c == '+') return relative();
    if (isDigit(c)) return number();
    if (isIdentStart(c)) {
      while (pos_ < text_.size() && isIdentChar(text_[pos_])) ++pos_;
      add(Tok::Ident, start, pos_).text = std::string(text_.substr(start, pos_ - start));
      return;
    }
    // One code point, not one byte, so the caret sits under the whole character.
    ++pos_;
    while (pos_ < text_.size() && (static_cast<unsigned char>(text_[pos_]) & 0xC0) == 0x80) ++pos_;
    bad(start, pos_, "unexpected character");
  }

  void string() {
    const size_t start = pos_++;
    std::string value;
    while (true) {
      if (pos_ >= text_.size() || text_[pos_] == '\n')
        return bad(start, pos_, "this string has no closing quote on its line");
      const char c = text_[pos_++];
      if (c == '"') break;
      if (c != '\\') {
        value += c;
        continue;
      }
      const char e = pos_ < text_.size() ? text_[pos_++] : '\0';
      if (e == '"' || e == '\\') value += e;
      else if (e == 'n') value += '\n';
      else if (e == 't') value += '\t';
      else if (e == 'u' && !unicodeEscape(value)) return skipString(start, "a \\u escape is \\u{X...}: 1 to 6 hex digits naming a code point");
      else if (e != 'u') return skipString(start, "the escapes in strings are \\\" \\\\ \\n \\t and \\u{X...}");
    }
    add(Tok::String, start, pos_).text = std::move(value);
  }

  // After `\u`: `{hex}`, appended as UTF-8. False when malformed.
  bool unicodeEscape(std::string& out) {
    if (pos_ >= text_.size() || text_[pos_] != '{') return false;
    size_t p = pos_ + 1;
    uint32_t cp = 0;
    int digits = 0;
    for (; p < text_.size() && text_[p] != '}'; ++p, ++digits) {
      const char h = text_[p];
      int v = isDigit(h) ? h - '0' : (h >= 'a' && h <= 'f') ? h - 'a' + 10 : (h >= 'A' && h <= 'F') ? h - 'A' + 10 : -1;
      if (v < 0 || digits >= 6) return false;
      cp = cp * 16 + static_cast<uint32_t>(v);
    }
    if (p >= text_.size() || digits == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    pos_ = p + 1;
    parser::appendUtf8(out, cp);
    return true;
  }

  // A bad escape: report it, then skip to the closing quote (or the end of the line).
  void skipString(size_t start, const char* message) {
    while (pos_ < text_.size() && text_[pos_] != '\n' && text_[pos_] != '"') pos_ += text_[pos_] == '\\' ? 2 : 1;
    if (pos_ < text_.size() && text_[pos_] == '"') ++pos_;
    bad(start, pos_, message);
  }

  // The word starting at pos_: digits, letters and the characters of a timestamp.
  size_t wordEnd(size_t from) const {
    size_t p = from;
    while (p < text_.size()) {
      const char c = text_[p];
      if (isIdentChar(c) || c == ':' || c == '.' || c == '-' || (c == '+' && p > from)) {
        // `:` and `.` only continue a timestamp (`09:00:00.250`), never `a: 1` or `x.y`.
        if ((c == ':' || c == '.') && !(p + 1 < text_.size() && isDigit(text_[p + 1]))) break;
        ++p;
      } else {
        break;
      }
    }
    return p;
  }

  void relative() {
    const size_t start = pos_++;
    size_t end = pos_;
    while (end < text_.size() && isIdentChar(text_[end])) ++end;
    std::optional<int64_t> ms = parseTestDuration(text_.substr(pos_, end - pos_));
    pos_ = end;
    if (!ms) return bad(start, end, "a relative time is `+` and a duration, such as +0s, +3d or +1d2h30m");
    add(Tok::RelTime, start, end).value = *ms;
  }

  void number() {
    const size_t start = pos_;
    // A timestamp: four digits and `-` (2025-03-01T09:00:00Z).
    if (pos_ + 4 < text_.size() && isDigit(text_[pos_ + 1]) && isDigit(text_[pos_ + 2]) && isDigit(text_[pos_ + 3]) &&
        text_[pos_ + 4] == '-') {
      pos_ = wordEnd(pos_);
      int64_t ms = 0;
      const std::string_view word = text_.substr(start, pos_ - start);
      civil::IsoError e = civil::parseIso(word, ms);
      if (e != civil::IsoError::None)
        return bad(start, pos_, e == civil::IsoError::Range ? "this time is outside years 0001-9999"
                                                           : "a time is YYYY-MM-DDTHH:MM[:SS[.fff]] and Z or an offset (+02:00), and names a real date");
      add(Tok::AbsTime, start, pos_).value = ms;
      return;
    }
    while (pos_ < text_.size() && isDigit(text_[pos_])) ++pos_;
    if (pos_ + 1 < text_.size() && text_[pos_] == '.' && isDigit(text_[pos_ + 1])) {
      ++pos_;
      while (pos_ < text_.size() && isDigit(text_[pos_])) ++pos_;
      if (pos_ < text_.size() && isIdentChar(text_[pos_])) {
        while (pos_ < text_.size() && isIdentChar(text_[pos_])) ++pos_;
        return bad(start, pos_, "a duration takes an integer count (write 90m, not 1.5h)");
      }
      Token& t = add(Tok::Float, start, pos_);
      t.text = std::string(text_.substr(start, pos_ - start));
      t.real = std::stod(t.text);
      return;
    }
    if (pos_ < text_.size() && isIdentChar(text_[pos_])) {
      while (pos_ < text_.size() && isIdentChar(text_[pos_])) ++pos_;
      std::optional<int64_t> ms = parseTestDuration(text_.substr(start, pos_ - start));
      if (!ms) return bad(start, pos_, "not a number or a duration: a duration is a count and a unit (w d h m s ms), such as 3d or 2h30m");
      add(Tok::Duration, start, pos_).value = *ms;
      return;
    }
    Token& t = add(Tok::Int, start, pos_);
    t.text = std::string(text_.substr(start, pos_ - start));
    if (t.text.size() > 18) return bad(start, pos_, "this integer is too large");
    t.value = std::stoll(t.text);
  }

  Token& add(Tok kind, size_t begin, size_t end) {
    tokens_.push_back(Token{kind, Span{file_.id(), static_cast<uint32_t>(begin), static_cast<uint32_t>(end)}, {}, 0, 0});
    return tokens_.back();
  }
  void bad(size_t begin, size_t end, std::string message) {
    Token& t = add(Tok::Bad, begin, end);
    diagnostics_.error(t.span, std::move(message));
  }

  const SourceFile& file_;
  std::string_view text_;
  TestDiagnostics& diagnostics_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
};

}  // namespace

std::vector<Token> lexTestFile(const SourceFile& file, TestDiagnostics& diagnostics) {
  return Lexer(file, diagnostics).run();
}

std::optional<int64_t> parseTestDuration(std::string_view text) {
  if (text.empty()) return std::nullopt;
  int64_t total = 0;
  size_t nextUnit = 0;  // units must come largest first, each at most once
  size_t p = 0;
  while (p < text.size()) {
    size_t digits = p;
    while (p < text.size() && isDigit(text[p])) ++p;
    if (p == digits || p - digits > 12) return std::nullopt;
    const int64_t count = std::stoll(std::string(text.substr(digits, p - digits)));
    size_t letters = p;
    while (p < text.size() && isLower(text[p])) ++p;
    const std::string_view unit = text.substr(letters, p - letters);
    size_t u = nextUnit;
    while (u < std::size(kUnits) && kUnits[u].name != unit) ++u;
    if (u == std::size(kUnits)) return std::nullopt;
    nextUnit = u + 1;
    total += count * kUnits[u].ms;  // at most 12 digits of weeks: no overflow
    if (total > civil::kMaxTime - civil::kMinTime) return std::nullopt;
  }
  return total;
}

std::string formatOffset(int64_t ms) {
  if (ms == 0) return "+0s";
  std::string out = ms < 0 ? "-" : "+";
  uint64_t rest = ms < 0 ? 0 - static_cast<uint64_t>(ms) : static_cast<uint64_t>(ms);
  // Days rather than weeks: "+14d" reads better next to journey windows than "+2w".
  for (size_t u = 1; u < std::size(kUnits); ++u) {
    const uint64_t unit = static_cast<uint64_t>(kUnits[u].ms);
    if (rest >= unit) {
      out += fmt::format("{}{}", rest / unit, kUnits[u].name);
      rest %= unit;
    }
  }
  return out;
}

}  // namespace onb::journeytest
