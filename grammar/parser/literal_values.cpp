#include "grammar/parser/literal_values.hpp"

#include <charconv>
#include <cmath>
#include <limits>

#include "grammar/parser/token_lexer.hpp"
#include "grammar/parser/utf8.hpp"

namespace onb::parser {

DigitsValue parseDigits(std::string_view digits) {
  DigitsValue v;
  constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
  for (char c : digits) {
    const uint64_t d = static_cast<uint64_t>(c - '0');
    if (!v.fits || v.value > (kMax - d) / 10) {
      v.fits = false;
      v.value = kMax;
      continue;
    }
    v.value = v.value * 10 + d;
  }
  return v;
}

bool fitsSigned(uint64_t magnitude, bool negative) {
  constexpr uint64_t kMaxPositive = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  return negative ? magnitude <= kMaxPositive + 1 : magnitude <= kMaxPositive;
}

DurationValue parseDuration(std::string_view token) {
  size_t digits = 0;
  while (digits < token.size() && isDigit(token[digits])) ++digits;
  DurationValue v;
  v.count = parseDigits(token.substr(0, digits));
  const std::string_view unit = token.substr(digits);
  if (unit == "ms")
    v.unit = ast::DurationUnit::Ms;
  else if (unit == "s")
    v.unit = ast::DurationUnit::S;
  else if (unit == "m")
    v.unit = ast::DurationUnit::M;
  else if (unit == "h")
    v.unit = ast::DurationUnit::H;
  else if (unit == "d")
    v.unit = ast::DurationUnit::D;
  else if (unit == "w")
    v.unit = ast::DurationUnit::W;
  const uint64_t per = static_cast<uint64_t>(ast::unitMillis(v.unit));
  if (!v.count.fits || v.count.value > std::numeric_limits<uint64_t>::max() / per) {
    v.millis = std::numeric_limits<uint64_t>::max();
    v.millisFit = false;
  } else {
    v.millis = v.count.value * per;
  }
  return v;
}

double parseFloat(std::string_view token, bool& finite) {
  double value = std::numeric_limits<double>::infinity();
  const auto result = std::from_chars(token.data(), token.data() + token.size(), value, std::chars_format::fixed);
  finite = result.ec == std::errc() && std::isfinite(value);
  if (!finite) value = std::numeric_limits<double>::infinity();
  return value;
}

ast::Percent parsePercent(std::string_view token) {
  ast::Percent p;
  size_t i = 0;
  size_t intEnd = 0;
  while (intEnd < token.size() && isDigit(token[intEnd])) ++intEnd;
  const DigitsValue whole = parseDigits(token.substr(0, intEnd));
  i = intEnd;
  uint64_t fraction = 0;  // the first two decimals, in hundredths
  bool remainder = false;
  if (i < token.size() && token[i] == '.') {
    ++i;
    for (int k = 0; k < 2; ++k) {
      fraction *= 10;
      if (i < token.size() && isDigit(token[i])) fraction += static_cast<uint64_t>(token[i++] - '0');
    }
    for (; i < token.size() && isDigit(token[i]); ++i)
      if (token[i] != '0') remainder = true;
  }
  // hundredths = ceil(value * 100); anything above 100% is out of range, so saturate early.
  if (!whole.fits || whole.value > 100) {
    p.hundredths = std::numeric_limits<uint64_t>::max();
    p.outOfRange = true;
  } else {
    p.hundredths = whole.value * 100 + fraction + (remainder ? 1 : 0);
    p.outOfRange = p.hundredths > 10000;
  }
  p.exact = !remainder;
  return p;
}

bool parseClock(std::string_view token, uint32_t& minutes) {
  const uint32_t hours = static_cast<uint32_t>((token[0] - '0') * 10 + (token[1] - '0'));
  const uint32_t mins = static_cast<uint32_t>((token[3] - '0') * 10 + (token[4] - '0'));
  if (hours > 23 || mins > 59) return false;
  minutes = hours * 60 + mins;
  return true;
}

namespace {

int hexValue(char c) {
  if (isDigit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes `\u{...}` starting at the backslash; returns the escape's length, or 0 with
// `message` set when it is malformed.
uint32_t decodeUnicodeEscape(std::string_view s, size_t at, uint32_t& cp, std::string& message) {
  size_t i = at + 2;  // past "\u"
  if (i >= s.size() || s[i] != '{') {
    message = "`\\u` must be followed by `{`, 1 to 6 hex digits and `}`, as in `\\u{e9}`";
    return 0;
  }
  ++i;
  uint32_t value = 0;
  int digits = 0;
  while (i < s.size() && hexValue(s[i]) >= 0) {
    if (digits < 7) value = value * 16 + static_cast<uint32_t>(hexValue(s[i]));
    ++digits;
    ++i;
  }
  if (i >= s.size() || s[i] != '}' || digits == 0 || digits > 6) {
    message = "`\\u{...}` takes 1 to 6 hex digits and a closing `}`";
    return 0;
  }
  if (value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
    message = value > 0x10FFFF ? "`\\u{...}` is above U+10FFFF, the largest code point"
                               : "`\\u{...}` names a surrogate (D800-DFFF), which is not a character";
    return 0;
  }
  cp = value;
  return static_cast<uint32_t>(i + 1 - at);
}

}  // namespace

std::string decodeString(std::string_view token, std::vector<StringProblem>& problems) {
  std::string out;
  out.reserve(token.size());
  const std::string_view body = token.substr(1, token.size() - 2);
  for (size_t i = 0; i < body.size();) {
    const char c = body[i];
    if (c != '\\') {
      out += c;
      ++i;
      continue;
    }
    const char e = i + 1 < body.size() ? body[i + 1] : '\0';
    const uint32_t at = static_cast<uint32_t>(i + 1);  // token offset of the backslash
    switch (e) {
      case '"':
        out += '"';
        i += 2;
        continue;
      case '\\':
        out += '\\';
        i += 2;
        continue;
      case 'n':
        out += '\n';
        i += 2;
        continue;
      case 't':
        out += '\t';
        i += 2;
        continue;
      case 'u': {
        uint32_t cp = 0;
        std::string message;
        if (uint32_t n = decodeUnicodeEscape(body, i, cp, message)) {
          appendUtf8(out, cp);
          i += n;
        } else {
          // Mark the escape up to its '}' when there is one nearby, else just `\u`.
          size_t close = body.find('}', i);
          const uint32_t len =
              close != std::string_view::npos && close - i <= 12 ? static_cast<uint32_t>(close + 1 - i) : 2;
          problems.push_back({at, at + len, std::move(message)});
          i += len;
        }
        continue;
      }
      default: {
        uint32_t cp = 0;
        const uint32_t len =
            1 + (i + 1 < body.size() ? decodeUtf8(body.data() + i + 1, body.data() + body.size(), cp) : 0);
        problems.push_back({at, at + len,
                            "invalid escape `" + std::string(body.substr(i, len)) +
                                "`: a string allows only \\\" \\\\ \\n \\t and \\u{...}"});
        i += len;
        continue;
      }
    }
  }
  return out;
}

}  // namespace onb::parser
