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

// A fast, well-mixed 64-bit hash of arbitrary bytes (for hash tables, not for the format).
inline uint64_t hashBytes(const char* p, size_t n, uint64_t seed) {
  uint64_t h = seed ^ mix64(n + 0x9E3779B97F4A7C15ull, 0xa0761d6478bd642full);
  while (n >= 8) {
    uint64_t v;
    std::memcpy(&v, p, 8);
    h = mix64(h ^ v, 0xe7037ed1a0b428dbull);
    p += 8;
    n -= 8;
  }
  uint64_t tail = 0;
  std::memcpy(&tail, p, n);
  h = mix64(h ^ tail, 0x8ebc6af09c88c6e3ull);
  return mix64(h ^ (h >> 29), 0x589965cc75374cc3ull);
}

inline uint64_t hashString(std::string_view s, uint64_t seed = 0x1234567) { return hashBytes(s.data(), s.size(), seed); }

// Two independent 64-bit hashes of the same bytes in one pass: a 128-bit fingerprint.
inline void hashBytes128(const char* p, size_t n, uint64_t seed, uint64_t& a, uint64_t& b) {
  uint64_t h1 = seed ^ mix64(n + 0x9E3779B97F4A7C15ull, 0xa0761d6478bd642full);
  uint64_t h2 = ~seed ^ mix64(n + 0x7F4A7C159E3779B9ull, 0xe7037ed1a0b428dbull);
  while (n >= 8) {
    uint64_t v;
    std::memcpy(&v, p, 8);
    h1 = mix64(h1 ^ v, 0xe7037ed1a0b428dbull);
    h2 = mix64(h2 ^ v, 0x8ebc6af09c88c6e3ull);
    p += 8;
    n -= 8;
  }
  uint64_t tail = 0;
  std::memcpy(&tail, p, n);
  h1 = mix64(h1 ^ tail, 0x8ebc6af09c88c6e3ull);
  h2 = mix64(h2 ^ tail, 0xa0761d6478bd642full);
  a = mix64(h1 ^ (h1 >> 29), 0x589965cc75374cc3ull);
  b = mix64(h2 ^ (h2 >> 31), 0x9E3779B97F4A7C15ull);
}

}  // namespace onb::engine
