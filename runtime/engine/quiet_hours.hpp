// Quiet hours (LANGUAGE.md section 4): is a send time inside the user's local quiet
// window, and when does the window end? Time zones are IANA names from the system tz
// database (Howard Hinnant's date/tz); a missing or unknown zone means UTC.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

namespace onb::engine {

class QuietHours {
 public:
  QuietHours();
  ~QuietHours();

  // If `t` is inside the window [start, end) of local wall-clock time in `zone` (empty:
  // UTC), returns true and sets `until` to the next local `end` (with the offset in force
  // then; the first instant after the window when that local time does not exist; the
  // first of two when it occurs twice). start == end is an empty window.
  bool inside(std::string_view zone, int64_t t, uint32_t startMinute, uint32_t endMinute, int64_t& until);

 private:
  const void* zone(std::string_view name);  // a date::time_zone*, or nullptr for UTC
  std::unordered_map<std::string, const void*> zones_;
};

}  // namespace onb::engine
