// Private to onb_runtime (includes simdjson; never include it from a public header).
//
// Full validation on top of simdjson On Demand. On Demand checks only what it visits:
// stage 1 validates UTF-8, unescaped control characters in strings and quote pairing
// for the whole line, but a string escape, a number or a literal (`tru`) is checked only
// when read. LANGUAGE.md section 7 calls a line with bad JSON *anywhere* malformed, so
// the On Demand path (ondemand_path.cpp) visits every value: values it needs are read
// through simdjson, the rest go through validateValue(), which checks raw tokens cheaply
// (a string without a backslash needs no unescaping; numbers and literals are checked
// against the JSON grammar here, because simdjson's own number parser rejects valid JSON
// such as integers past 64 bits and 1e400). Tested against a strict reference validator
// on random mutations (tests/unit/io/event_decoder_fuzz_test.cpp).
//
// Beware: On Demand's skip of an unread value is lax (it takes `"s":1` after a key for
// another key and its value, and does not match bracket kinds), so every string is
// consumed and every container iterated, never left to the skipper.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <cstring>
#include <string_view>

namespace onb::io::json {

namespace od = simdjson::ondemand;
using simdjson::error_code;

// Containers nested deeper than this make a line malformed (simdjson's DOM default; On
// Demand itself does not enforce a depth, and the validator recurses).
inline constexpr int kMaxDepth = 1024;

inline bool isJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Raw tokens run from a value's first byte to the next structural character, so they may
// carry trailing whitespace.
inline bool onlySpaceFrom(std::string_view token, size_t i) {
  for (; i < token.size(); ++i)
    if (!isJsonSpace(token[i])) return false;
  return true;
}

enum class NumberKind : uint8_t { Bad, Integer, Float };

// Checks `token` against the JSON number grammar. Integer: no fraction and no exponent
// (`3`, `-0`, `123456789012345678901234`); Float: anything else that is a number (`3.0`,
// `3e0`). `length` receives the number's length without trailing whitespace.
inline NumberKind classifyNumber(std::string_view token, size_t& length) {
  const size_t n = token.size();
  auto digit = [&](size_t i) { return i < n && token[i] >= '0' && token[i] <= '9'; };
  size_t i = 0;
  if (i < n && token[i] == '-') ++i;
  if (!digit(i)) return NumberKind::Bad;
  if (token[i] == '0') ++i;
  else
    while (digit(i)) ++i;
  NumberKind kind = NumberKind::Integer;
  if (i < n && token[i] == '.') {
    ++i;
    if (!digit(i)) return NumberKind::Bad;
    while (digit(i)) ++i;
    kind = NumberKind::Float;
  }
  if (i < n && (token[i] == 'e' || token[i] == 'E')) {
    ++i;
    if (i < n && (token[i] == '+' || token[i] == '-')) ++i;
    if (!digit(i)) return NumberKind::Bad;
    while (digit(i)) ++i;
    kind = NumberKind::Float;
  }
  length = i;
  return onlySpaceFrom(token, i) ? kind : NumberKind::Bad;
}

// Parses a grammar-checked integer token (`-?digits`); false when it does not fit int64.
inline bool parseInt64(std::string_view digits, int64_t& out) {
  size_t i = 0;
  const bool negative = digits[0] == '-';
  if (negative) ++i;
  if (digits.size() - i > 19) return false;
  uint64_t v = 0;
  for (; i < digits.size(); ++i) {
    const uint64_t d = static_cast<uint64_t>(digits[i] - '0');
    if (v > (UINT64_MAX - d) / 10) return false;
    v = v * 10 + d;
  }
  const uint64_t limit = negative ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
  if (v > limit) return false;
  out = negative ? static_cast<int64_t>(0 - v) : static_cast<int64_t>(v);
  return true;
}

// `token` is exactly the literal `word` (plus trailing whitespace).
inline bool isLiteral(std::string_view token, std::string_view word) {
  return token.size() >= word.size() && std::memcmp(token.data(), word.data(), word.size()) == 0 &&
         onlySpaceFrom(token, word.size());
}

// Validates a string value without keeping it: only escapes need checking. The value is
// consumed either way: left unread, On Demand's skip would take `"s":1` (after a key) for
// another key and its value, and accept `{"a":"s":1}`.
inline error_code validateString(od::value& v) {
  const std::string_view token = v.raw_json_token();
  if (std::memchr(token.data(), '\\', token.size()) == nullptr) {
    od::raw_json_string raw;
    return v.get_raw_json_string().get(raw);
  }
  std::string_view ignored;
  return v.get_string().get(ignored);
}

// A field's key, unescaped. Keys without a backslash are returned from the line itself.
inline error_code readKey(od::field& field, std::string_view& key) {
  const char* raw = field.key().raw();  // just past the opening quote
  const char* q = raw;
  while (*q != '"' && *q != '\\') ++q;  // stage 1 guarantees the closing quote
  if (*q == '"') {
    key = std::string_view(raw, static_cast<size_t>(q - raw));
    return simdjson::SUCCESS;
  }
  return field.unescaped_key().get(key);
}

// Validates a whole value (recursively), reading nothing. `depth` counts the containers
// enclosing `v` (1 for a field of the top-level object).
error_code validateValue(od::value v, int depth);

}  // namespace onb::io::json
