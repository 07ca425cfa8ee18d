// A small, immutable string -> index map for the event decoder's lookups (event wire
// names, property and trait names, enum members). Built once from the schema; lookups on
// the hot path touch one slot (usually) and never allocate.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace onb::io {

class NameTable {
 public:
  static constexpr uint32_t kNotFound = UINT32_MAX;

  NameTable() = default;
  // Index i names names[i]. When a name repeats, its first position wins.
  explicit NameTable(const std::vector<std::string_view>& names);

  // The index of `key`, or kNotFound.
  uint32_t find(std::string_view key) const {
    if (slots_.empty()) return kNotFound;
    const Words w = words(key);
    const uint32_t h = hashOf(w, key.size());
    for (uint32_t i = h & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.index == kNotFound) return kNotFound;
      if (s.hash == h && s.len == key.size() && s.a == w.a && s.b == w.b &&
          (key.size() <= 16 || chars_.compare(s.offset, s.len, key) == 0))
        return s.index;
    }
  }

  size_t size() const { return count_; }

 private:
  // A key read in at most two overlapping words, never past its end: for keys of up to
  // 16 bytes (field and event names) the words and the length are the key, so equal
  // words mean equal keys without a memcmp. (A byte-at-a-time hash was the decoder's top
  // cost: a multiply per byte in a dependency chain.)
  struct Words {
    uint64_t a = 0, b = 0;
  };
  static Words words(std::string_view key) {
    const char* p = key.data();
    const size_t n = key.size();
    Words w;
    if (n >= 8) {
      w.a = load64(p);
      w.b = load64(p + n - 8);
      for (size_t i = 8; i + 8 < n; i += 8) w.a = mix(w.a ^ load64(p + i), 0x9e3779b97f4a7c15ULL);  // n > 16
    } else if (n >= 4) {
      w.a = load32(p);
      w.b = load32(p + n - 4);
    } else if (n > 0) {
      w.a = (uint64_t{static_cast<unsigned char>(p[0])} << 16) |
            (uint64_t{static_cast<unsigned char>(p[n / 2])} << 8) | static_cast<unsigned char>(p[n - 1]);
    }
    return w;
  }
  static uint32_t hashOf(Words w, size_t n) {
    return static_cast<uint32_t>(mix(w.a ^ 0xa0761d6478bd642fULL, w.b ^ n ^ 0xe7037ed1a0b428dbULL));
  }
  static uint64_t load64(const char* p) {
    uint64_t v;
    std::memcpy(&v, p, 8);
    return v;
  }
  static uint64_t load32(const char* p) {
    uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
  }
  static uint64_t mix(uint64_t a, uint64_t b) {
    const unsigned __int128 m = static_cast<unsigned __int128>(a) * b;
    return static_cast<uint64_t>(m) ^ static_cast<uint64_t>(m >> 64);
  }

  struct Slot {
    uint64_t a = 0, b = 0;       // the name's words
    uint32_t hash = 0;
    uint32_t index = kNotFound;  // kNotFound: empty slot
    uint32_t offset = 0;         // the name: chars_[offset, offset + len) (compared when > 16 bytes)
    uint32_t len = 0;
  };
  std::vector<Slot> slots_;  // open addressing, linear probing, load factor <= 1/2
  std::string chars_;
  uint32_t mask_ = 0;
  size_t count_ = 0;
};

}  // namespace onb::io
