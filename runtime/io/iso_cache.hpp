// Parses event timestamps exactly as civil::parseIso does, faster: consecutive events
// mostly fall on the same day, so for the usual forms "YYYY-MM-DDTHH:MM:SS.mmmZ" and
// "YYYY-MM-DDTHH:MM:SSZ" the date part is compared with the last one parsed instead of
// being parsed and converted again. Anything else (or any doubt) goes to parseIso.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

#include "stdlib/civil_time.hpp"

namespace onb::io {

class IsoCache {
 public:
  civil::IsoError parse(std::string_view s, int64_t& out) {
    const size_t n = s.size();
    if (haveDate_ && (n == 24 || n == 20) && s[n - 1] == 'Z' && std::memcmp(s.data(), date_, 11) == 0) {
      int64_t ms;
      if (timeOfDay(s, ms)) {
        out = dayStart_ + ms;
        return civil::IsoError::None;
      }
    }
    const civil::IsoError e = civil::parseIso(s, out);
    if (e == civil::IsoError::None && (n == 24 || n == 20) && s[n - 1] == 'Z') {
      // A UTC text of a valid date: the instant's day is the text's date.
      std::memcpy(date_, s.data(), 11);
      dayStart_ = civil::floorDiv(out, civil::kMillisPerDay) * civil::kMillisPerDay;
      haveDate_ = true;
    }
    return e;
  }

 private:
  // "HH:MM:SS.mmmZ" or "HH:MM:SSZ" at offset 11, checked as strictly as parseIso does.
  static bool timeOfDay(std::string_view s, int64_t& ms) {
    auto d = [&](size_t i) { return static_cast<unsigned>(static_cast<unsigned char>(s[i]) - '0'); };
    for (size_t i : {11, 12, 14, 15, 17, 18})
      if (d(i) > 9) return false;
    if (s[13] != ':' || s[16] != ':') return false;
    const unsigned hh = d(11) * 10 + d(12), mm = d(14) * 10 + d(15), ss = d(17) * 10 + d(18);
    if (hh > 23 || mm > 59 || ss > 59) return false;
    unsigned frac = 0;
    if (s.size() == 24) {
      if (s[19] != '.' || d(20) > 9 || d(21) > 9 || d(22) > 9) return false;
      frac = d(20) * 100 + d(21) * 10 + d(22);
    }
    ms = ((int64_t{hh} * 60 + mm) * 60 + ss) * 1000 + frac;
    return true;
  }

  char date_[11] = {};  // "YYYY-MM-DDT" of the last UTC timestamp parsed
  int64_t dayStart_ = 0;
  bool haveDate_ = false;
};

}  // namespace onb::io
