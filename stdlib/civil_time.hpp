// Civil time: epoch milliseconds <-> ISO 8601 text, exactly as LANGUAGE.md sections 2, 7
// and 9 describe. Shared by the parser (@timestamps), the event decoder (input lines) and
// the record writer (output), so all three agree to the millisecond.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace onb::civil {

inline constexpr int64_t kMillisPerDay = 86'400'000;
// Years 0001-9999 (UTC): the range of every time value onb reads or writes.
inline constexpr int64_t kMinTime = -62135596800000LL;  // 0001-01-01T00:00:00.000Z
inline constexpr int64_t kMaxTime = 253402300799999LL;  // 9999-12-31T23:59:59.999Z

int64_t daysFromCivil(int64_t year, unsigned month, unsigned day);
void civilFromDays(int64_t days, int64_t& year, unsigned& month, unsigned& day);
bool isLeapYear(int64_t year);
unsigned daysInMonth(int64_t year, unsigned month);
int64_t floorDiv(int64_t a, int64_t b);

enum class IsoError : uint8_t { None, Syntax, Range };

// Parses `YYYY-MM-DDTHH:MM[:SS[.digits]](Z|+HH:MM|+HHMM|-HH:MM|-HHMM)`; fraction digits
// past milliseconds are truncated. Returns the epoch milliseconds, or an error: Syntax when
// the text does not have this form or names no real date/time, Range when the instant is
// outside years 0001-9999 UTC.
IsoError parseIso(std::string_view text, int64_t& out);

// "2025-01-01T09:00:00.250Z". `buf` must hold 24 bytes; returns 24. The time must be in
// [kMinTime, kMaxTime].
size_t formatIso(int64_t millis, char* buf);
std::string formatIso(int64_t millis);

// Duration text for the command line: a duration literal (`250ms`, `1h`, `7d`) or a bare
// integer of milliseconds.
std::optional<int64_t> parseDurationArg(std::string_view text);

}  // namespace onb::civil
