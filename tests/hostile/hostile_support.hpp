// Shared by the hostile-input tests (docs/reliability.md, "Hostile input"): the program
// they run, line builders, the process's resident memory, and how much smaller the large
// cases get under the sanitizers (which make each event tens of times slower and add
// their own memory, so memory bounds are only asserted in plain builds).
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <unistd.h>

#include <gtest/gtest.h>

#include "onb/onb.hpp"

namespace onb::hostile {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kSanitized = true;
#else
inline constexpr bool kSanitized = false;
#endif
#else
inline constexpr bool kSanitized = false;
#endif

// Scales a count of events down under the sanitizers.
inline constexpr uint64_t scaled(uint64_t n) { return kSanitized ? n / 20 : n; }

// Resident set size of this process, in bytes.
inline uint64_t residentBytes() {
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (!f) return 0;
  unsigned long size = 0, resident = 0;
  const int n = std::fscanf(f, "%lu %lu", &size, &resident);
  std::fclose(f);
  return n == 2 ? uint64_t{resident} * static_cast<uint64_t>(sysconf(_SC_PAGESIZE)) : 0;
}

inline constexpr int64_t kStart = 1'735'689'600'000;  // 2025-01-01T00:00:00Z
inline constexpr int64_t kHour = 3'600'000;
inline constexpr int64_t kDay = 24 * kHour;

// One program with a rule for every hostile case: string properties, int arithmetic
// that overflows or divides by zero, a window count kept as a ring (compared with a
// constant) and one kept as a log of times (used in arithmetic).
inline const char* const kProgram = R"(
user {
  plan: enum(free, pro) = free
  seats: int = 1
  timezone: string = "UTC"
}
event note "Note" { s: string?, n: int? }
event tick "Tick" { x: int }
event burst "Burst"
event spread "Spread"
event done "Done"
queue q
journey j {
  enter when note
  goal done within 7d
  rule echo {
    when note
    emit "echo" with { len: len(event.s ?? ""), n: event.n ?? 0 }
  }
  rule arithmetic {
    when tick
    emit "arithmetic" with { twice: event.x * 2, ratio: 100 / event.x, rest: 100 % event.x, seats: user.seats + 1 }
  }
  rule ring {
    when burst
    if count(burst within 1d) >= 3
    limit 1 per 1d
    handoff q
  }
  rule log {
    when spread
    if count(spread within 1d) * 2 < count(spread within 1d) + 1
    handoff q
  }
}
)";

inline Program hostileProgram() {
  Result<Program> p = Program::compileSource(kProgram, "hostile.onb");
  if (!p.ok()) {
    ADD_FAILURE() << p.error().rendered;
    std::abort();
  }
  return p.value();
}

// A track line of `event` for `user` at `t` with `properties` (JSON object text, may be
// empty for none) and an optional messageId.
inline std::string track(const std::string& user, const std::string& event, int64_t t,
                         const std::string& properties = "", const std::string& messageId = "") {
  std::string line = R"({"type":"track","userId":")" + user + R"(","event":")" + event +
                     R"(","timestamp":)" + std::to_string(t);
  if (!messageId.empty()) line += R"(,"messageId":")" + messageId + '"';
  if (!properties.empty()) line += R"(,"properties":)" + properties;
  return line + "}";
}

}  // namespace onb::hostile
