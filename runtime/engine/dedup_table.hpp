// Duplicate detection (LANGUAGE.md section 6 step 1): per user, the messageIds of
// processed track events with the time of their first occurrence, forgotten once the
// dedup window has passed. Ids are kept as 128-bit fingerprints of (user, messageId):
// two different ids collide with probability about 2^-128 per pair.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "runtime/engine/huge_pages.hpp"

namespace onb::engine {

class DedupTable {
 public:
  explicit DedupTable(int64_t windowMs) : windowMs_(windowMs) { reset(kMinSlots); }

  struct Fingerprint {
    uint64_t a = 0, b = 0;
  };
  static Fingerprint fingerprint(uint32_t user, std::string_view messageId);
  void prefetch(const Fingerprint& f) const { __builtin_prefetch(&slots()[f.a & (capacity_ - 1)]); }

  // True when (user, id) was first processed at t_first with t - t_first < window (a
  // duplicate: nothing changes). Otherwise records t as its first occurrence.
  bool seen(const Fingerprint& f, int64_t t);
  bool seen(uint32_t user, std::string_view messageId, int64_t t) { return seen(fingerprint(user, messageId), t); }
  // What seen() would answer, without recording anything (for observers).
  bool wouldDrop(uint32_t user, std::string_view messageId, int64_t t) const;

  size_t size() const { return count_; }
  int64_t windowMs() const { return windowMs_; }

  struct Entry {
    uint64_t a = 0, b = 0;  // fingerprint; (0, 0) marks an empty slot
    int64_t first = 0;
  };
  std::span<const Entry> entries() const { return {slots(), capacity_}; }
  void restore(std::vector<Entry> live);
  void clear() { reset(kMinSlots); }

 private:
  static constexpr size_t kMinSlots = 1024;
  Entry* slots() const { return reinterpret_cast<Entry*>(memory_.get()); }
  void reset(size_t capacity);  // empty, with `capacity` slots (a power of two)
  void rebuild(int64_t now);
  void insert(const Entry& e);

  int64_t windowMs_;
  HugePagesPtr memory_;  // capacity_ Entry slots
  size_t capacity_ = 0;
  size_t count_ = 0;
  std::vector<Entry> keep_;  // rebuild's scratch: the live entries
};

}  // namespace onb::engine
