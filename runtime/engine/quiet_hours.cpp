#include "runtime/engine/quiet_hours.hpp"

#include <mutex>

#include <date/tz.h>

#include "stdlib/civil_time.hpp"

namespace onb::engine {

namespace {
constexpr int64_t kDay = 86'400'000;
using Millis = std::chrono::milliseconds;

// The time zone database loads lazily: the first lookup reads the system's zone list, a
// zone's first use reads its file. Engines on different threads (`--threads`) each keep
// their own cache of names, so each engine's first lookup of a name goes through this
// lock, which also orders the loading before every later, read-only use of the zone.
std::mutex& zoneLoading() {
  static std::mutex m;
  return m;
}
}  // namespace

QuietHours::QuietHours() = default;
QuietHours::~QuietHours() = default;

const void* QuietHours::zone(std::string_view name) {
  if (name.empty() || name == "UTC") return nullptr;
  auto it = zones_.find(std::string(name));
  if (it != zones_.end()) return it->second;
  const date::time_zone* z = nullptr;
  try {
    std::lock_guard lock(zoneLoading());
    z = date::locate_zone(name);
    (void)z->get_info(date::sys_seconds{});  // loads the zone's rules now, under the lock
  } catch (const std::exception&) {
    z = nullptr;  // unknown names mean UTC (never an error)
  }
  if (zones_.size() < 100'000) zones_.emplace(std::string(name), z);
  return z;
}

bool QuietHours::inside(std::string_view zoneName, int64_t t, uint32_t startMinute, uint32_t endMinute, int64_t& until) {
  if (startMinute == endMinute) return false;
  const auto* z = static_cast<const date::time_zone*>(zone(zoneName));
  int64_t offset = 0;
  if (z) {
    try {
      offset = std::chrono::duration_cast<Millis>(z->get_info(date::sys_time<Millis>(Millis(t))).offset).count();
    } catch (const std::exception&) {
      offset = 0;
    }
  }
  const int64_t local = t + offset;
  const int64_t day = civil::floorDiv(local, kDay);
  const int64_t timeOfDay = local - day * kDay;
  const int64_t start = int64_t(startMinute) * 60'000, end = int64_t(endMinute) * 60'000;
  bool in;
  int64_t endDay = day;
  if (start < end) {
    in = start <= timeOfDay && timeOfDay < end;
  } else {
    in = timeOfDay >= start || timeOfDay < end;
    if (timeOfDay >= start) endDay = day + 1;
  }
  if (!in) return false;
  // The next local `end` after t: the end of today's (or tomorrow's) window, as an
  // instant. A local time that occurs twice (clocks going back) is its first occurrence,
  // unless that is already past, as during the second pass through the repeated hour.
  const int64_t endLocal = endDay * kDay + end;
  until = endLocal;
  if (z) {
    try {
      date::local_info li = z->get_info(date::local_time<Millis>(Millis(endLocal)));
      if (li.result == date::local_info::nonexistent) {
        until = std::chrono::duration_cast<Millis>(li.first.end.time_since_epoch()).count();
      } else {
        until = endLocal - std::chrono::duration_cast<Millis>(li.first.offset).count();
        if (li.result == date::local_info::ambiguous && until <= t)
          until = endLocal - std::chrono::duration_cast<Millis>(li.second.offset).count();
      }
    } catch (const std::exception&) {
      until = endLocal - offset;
    }
  }
  if (until <= t) until = t + 1;  // never re-fire in the past, whatever the zone rules say
  return true;
}

}  // namespace onb::engine
