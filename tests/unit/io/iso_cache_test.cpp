// IsoCache agrees with civil::parseIso on every input, cached day or not.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "runtime/io/iso_cache.hpp"

namespace onb::io {
namespace {

TEST(IsoCache, AgreesWithParseIso) {
  const std::string bases[] = {
      "2025-01-01T09:00:00.250Z", "2025-01-01T23:59:59Z",      "2025-01-01T00:00:00.000Z", "2024-02-29T12:00:00.001Z",
      "0001-01-01T00:00:00.000Z", "9999-12-31T23:59:59.999Z",  "2025-01-01T09:00:00+01:00", "2025-01-01T09:00Z",
      "2025-13-01T09:00:00.000Z", "2025-02-29T09:00:00.000Z",  "0000-01-01T00:00:00.000Z", "2025-01-01T09:00:00.2500Z",
  };
  const char kChars[] = "0123456789:.TZ+-/ x";
  std::mt19937 rng(99);
  IsoCache cache;
  for (int round = 0; round < 200000; ++round) {
    std::string s = bases[rng() % std::size(bases)];
    if (rng() % 2) s[rng() % s.size()] = kChars[rng() % (sizeof kChars - 1)];
    if (rng() % 8 == 0) s.erase(rng() % s.size(), 1);
    int64_t expected = 0, got = 0;
    const civil::IsoError want = civil::parseIso(s, expected);
    const civil::IsoError have = cache.parse(s, got);
    ASSERT_EQ(have, want) << s;
    if (want == civil::IsoError::None) {
      ASSERT_EQ(got, expected) << s;
    }
  }
}

}  // namespace
}  // namespace onb::io
