#include "stdlib/civil_time.hpp"

#include <limits>

namespace onb::civil {

int64_t floorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

// Howard Hinnant's days_from_civil / civil_from_days (public domain algorithms).
int64_t daysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void civilFromDays(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

bool isLeapYear(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned daysInMonth(int64_t y, unsigned m) {
  static const unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && isLeapYear(y) ? 29 : kDays[m - 1];
}

IsoError parseIso(std::string_view s, int64_t& out) {
  const size_t n = s.size();
  auto digit = [&](size_t i) { return i < n && s[i] >= '0' && s[i] <= '9'; };
  auto num = [&](size_t i, size_t k) {
    int64_t v = 0;
    for (size_t j = 0; j < k; ++j) v = v * 10 + (s[i + j] - '0');
    return v;
  };
  // YYYY-MM-DDTHH:MM
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15})
    if (!digit(i)) return IsoError::Syntax;
  if (s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':') return IsoError::Syntax;
  const int64_t year = num(0, 4), month = num(5, 2), day = num(8, 2), hour = num(11, 2), minute = num(14, 2);
  int64_t second = 0, millis = 0;
  size_t i = 16;
  if (i < n && s[i] == ':') {
    if (!digit(i + 1) || !digit(i + 2)) return IsoError::Syntax;
    second = num(i + 1, 2);
    i += 3;
    if (i < n && s[i] == '.') {
      ++i;
      size_t k = 0;
      while (digit(i)) {
        if (k < 3) millis = millis * 10 + (s[i] - '0');
        ++k;
        ++i;
      }
      if (k == 0) return IsoError::Syntax;
      for (; k < 3; ++k) millis *= 10;
    }
  }
  int64_t offset = 0;
  if (i < n && s[i] == 'Z') {
    ++i;
  } else if (i < n && (s[i] == '+' || s[i] == '-')) {
    const int64_t sign = s[i] == '-' ? -1 : 1;
    ++i;
    if (!digit(i) || !digit(i + 1)) return IsoError::Syntax;
    const int64_t oh = num(i, 2);
    i += 2;
    if (i < n && s[i] == ':') ++i;
    if (!digit(i) || !digit(i + 1)) return IsoError::Syntax;
    const int64_t om = num(i, 2);
    i += 2;
    if (oh > 23 || om > 59) return IsoError::Syntax;
    offset = sign * (oh * 3'600'000 + om * 60'000);
  } else {
    return IsoError::Syntax;
  }
  if (i != n) return IsoError::Syntax;
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, static_cast<unsigned>(month)) ||
      hour > 23 || minute > 59 || second > 59)
    return IsoError::Syntax;
  const int64_t t = daysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * kMillisPerDay +
                    ((hour * 60 + minute) * 60 + second) * 1000 + millis - offset;
  if (t < kMinTime || t > kMaxTime) return IsoError::Range;
  out = t;
  return IsoError::None;
}

size_t formatIso(int64_t t, char* o) {
  const int64_t days = floorDiv(t, kMillisPerDay);
  const int64_t rem = t - days * kMillisPerDay;
  int64_t y;
  unsigned m, d;
  civilFromDays(days, y, m, d);
  const unsigned yy = static_cast<unsigned>(y);
  o[0] = static_cast<char>('0' + yy / 1000 % 10);
  o[1] = static_cast<char>('0' + yy / 100 % 10);
  o[2] = static_cast<char>('0' + yy / 10 % 10);
  o[3] = static_cast<char>('0' + yy % 10);
  o[4] = '-';
  o[5] = static_cast<char>('0' + m / 10);
  o[6] = static_cast<char>('0' + m % 10);
  o[7] = '-';
  o[8] = static_cast<char>('0' + d / 10);
  o[9] = static_cast<char>('0' + d % 10);
  o[10] = 'T';
  const unsigned ms = static_cast<unsigned>(rem % 1000), secs = static_cast<unsigned>(rem / 1000);
  const unsigned hh = secs / 3600, mm = secs / 60 % 60, ss = secs % 60;
  o[11] = static_cast<char>('0' + hh / 10);
  o[12] = static_cast<char>('0' + hh % 10);
  o[13] = ':';
  o[14] = static_cast<char>('0' + mm / 10);
  o[15] = static_cast<char>('0' + mm % 10);
  o[16] = ':';
  o[17] = static_cast<char>('0' + ss / 10);
  o[18] = static_cast<char>('0' + ss % 10);
  o[19] = '.';
  o[20] = static_cast<char>('0' + ms / 100);
  o[21] = static_cast<char>('0' + ms / 10 % 10);
  o[22] = static_cast<char>('0' + ms % 10);
  o[23] = 'Z';
  return 24;
}

std::string formatIso(int64_t t) {
  char buf[24];
  formatIso(t, buf);
  return std::string(buf, 24);
}

std::optional<int64_t> parseDurationArg(std::string_view s) {
  if (s.empty()) return std::nullopt;
  size_t i = 0;
  uint64_t count = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
    if (count > (std::numeric_limits<uint64_t>::max() - 9) / 10) return std::nullopt;
    count = count * 10 + static_cast<uint64_t>(s[i] - '0');
    ++i;
  }
  if (i == 0) return std::nullopt;
  std::string_view unit = s.substr(i);
  int64_t scale;
  if (unit.empty() || unit == "ms") scale = 1;
  else if (unit == "s") scale = 1000;
  else if (unit == "m") scale = 60'000;
  else if (unit == "h") scale = 3'600'000;
  else if (unit == "d") scale = 86'400'000;
  else if (unit == "w") scale = 7 * 86'400'000LL;
  else return std::nullopt;
  if (count > static_cast<uint64_t>(std::numeric_limits<int64_t>::max() / scale)) return std::nullopt;
  return static_cast<int64_t>(count) * scale;
}

}  // namespace onb::civil
