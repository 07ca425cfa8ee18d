// Hashes the engine uses: FNV-1a 64 where the language fixes it (holdout cohorts, action
// ids), and a fast multiply-mix hash for its own tables (user ids, messageIds).
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace onb::engine {

inline constexpr uint64_t kFnvBasis = 14695981039346656037ull;
inline constexpr uint64_t kFnvPrime = 1099511628211ull;

inline uint64_t fnv1a(uint64_t h, std::string_view bytes) {
  for (unsigned char c : bytes) {
    h ^= c;
    h *= kFnvPrime;
  }
  return h;
}

inline uint64_t mix64(uint64_t a, uint64_t b) {
  __uint128_t r = static_cast<__uint128_t>(a) * b;
  return static_cast<uint64_t>(r) ^ static_cast<uint64_t>(r >> 64);
}

// A fast, well-mixed 64-bit hash of arbitrary bytes (for the engine's tables, not for the
// format: user ids, messageIds). The last 1 to 7 bytes are read as one overlapping 8-byte
// load when the string has 8 or more (copying them byte by byte into a word stalls the
// load that follows).
inline uint64_t hashBytes(const char* p, size_t n, uint64_t seed) {
  uint64_t h = seed ^ mix64(n + 0x9E3779B97F4A7C15ull, 0xa0761d6478bd642full);
  uint64_t tail = 0;
  if (n >= 8) {
    const char* end = p + n;
    while (end - p > 8) {
      uint64_t v;
      std::memcpy(&v, p, 8);
      h = mix64(h ^ v, 0xe7037ed1a0b428dbull);
      p += 8;
    }
    std::memcpy(&tail, end - 8, 8);  // the last 1 to 8 bytes, with some already hashed
  } else if (n >= 4) {
    uint32_t lo, hi;
    std::memcpy(&lo, p, 4);
    std::memcpy(&hi, p + n - 4, 4);
    tail = (uint64_t{hi} << 32) | lo;
  } else if (n > 0) {
    tail = (uint64_t{static_cast<unsigned char>(p[0])} << 16) |
           (uint64_t{static_cast<unsigned char>(p[n >> 1])} << 8) | static_cast<unsigned char>(p[n - 1]);
  }
  h = mix64(h ^ tail, 0x8ebc6af09c88c6e3ull);
  return mix64(h ^ (h >> 29), 0x589965cc75374cc3ull);
}

inline uint64_t hashString(std::string_view s, uint64_t seed = 0x1234567) { return hashBytes(s.data(), s.size(), seed); }

}  // namespace onb::engine
