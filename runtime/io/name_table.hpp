// A small, immutable string -> index map for the event decoder's lookups (event wire
// names, property and trait names, enum members). Built once from the schema; lookups on
// the hot path touch one or two cache lines and never allocate.
#pragma once

#include <cstdint>
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
    const uint32_t h = hash(key);
    for (uint32_t i = h & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.index == kNotFound) return kNotFound;
      if (s.hash == h && s.len == key.size() && chars_.compare(s.offset, s.len, key) == 0) return s.index;
    }
  }

  size_t size() const { return count_; }

  // FNV-1a over the bytes: keys are short (field names), so a byte loop is as fast as
  // anything wider and needs no tail handling.
  static uint32_t hash(std::string_view key) {
    uint32_t h = 2166136261u;
    for (unsigned char c : key) h = (h ^ c) * 16777619u;
    return h;
  }

 private:
  struct Slot {
    uint32_t hash = 0;
    uint32_t index = kNotFound;  // kNotFound: empty slot
    uint32_t offset = 0;         // the name: chars_[offset, offset + len)
    uint32_t len = 0;
  };
  std::vector<Slot> slots_;  // open addressing, linear probing, load factor <= 1/2
  std::string chars_;
  uint32_t mask_ = 0;
  size_t count_ = 0;
};

}  // namespace onb::io
