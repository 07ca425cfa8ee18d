// Values of literal tokens, computed exactly from their text (GRAMMAR.md section 1,
// LANGUAGE.md section 2). Pure functions: the caller reports the problems they return.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "grammar/ast/ast.hpp"

namespace onb::parser {

// A run of decimal digits. `fits` is false when the value exceeds UINT64_MAX; the value is
// then saturated at UINT64_MAX.
struct DigitsValue {
  uint64_t value = 0;
  bool fits = true;
};
DigitsValue parseDigits(std::string_view digits);

// True when `magnitude` (which fit in 64 unsigned bits) is representable as a signed 64-bit
// value with the given sign: at most 2^63-1, or 2^63 when negative.
bool fitsSigned(uint64_t magnitude, bool negative);

// An INT or DURATION token split into count and unit, with the magnitude in milliseconds.
struct DurationValue {
  DigitsValue count;
  ast::DurationUnit unit = ast::DurationUnit::Ms;
  // count * unit, saturated at UINT64_MAX; `millisFit` false when it exceeded 64 bits.
  uint64_t millis = 0;
  bool millisFit = true;
};
DurationValue parseDuration(std::string_view token);

// A FLOAT token ("4.5"). `finite` is false when the value overflows a double.
double parseFloat(std::string_view token, bool& finite);

// A PERCENT token ("2.55%"): hundredths of a percent, rounded up, computed exactly.
ast::Percent parsePercent(std::string_view token);

// A CLOCK token ("21:00"): false when it is not a time of day (24:00, 12:60).
bool parseClock(std::string_view token, uint32_t& minutes);

// A problem in a string literal, at bytes [begin, end) of the token text.
struct StringProblem {
  uint32_t begin = 0;
  uint32_t end = 0;
  std::string message;
};
// Decodes a terminated STRING token (quotes included) into its text, appending a problem
// for every invalid escape (which is then left out of the text).
std::string decodeString(std::string_view token, std::vector<StringProblem>& problems);

}  // namespace onb::parser
