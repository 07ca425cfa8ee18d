// Duplicate detection (LANGUAGE.md section 6 step 1): per user, the messageIds of
// processed track events with the time of their first occurrence, forgotten once the
// dedup window has passed.
//
// Ids are kept as 64-bit hashes, per user: a false duplicate needs two ids of one user,
// both inside the window, to share a hash (about 2^-64 per such pair). A user's last
// RecentIds::kSlots ids live in the user's header (user_state.hpp), which the engine's
// lookahead brings into the cache with the state block, so the usual lookup touches no
// other memory. An id pushed out of there while still inside the window moves to this
// table, keyed by (user, hash); the user's lookups consult the table only while it may
// hold one of theirs (RecentIds::spilledLatest).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "runtime/engine/huge_pages.hpp"
#include "runtime/engine/user_state.hpp"

namespace onb::engine {

class DedupTable {
 public:
  explicit DedupTable(int64_t windowMs) : windowMs_(windowMs) { reset(kMinSlots); }

  // The hash a messageId is kept as (never 0: 0 marks an empty slot).
  static uint64_t idHash(std::string_view messageId);

  // True when the user processed a track event with this id at t_first and
  // t - t_first < window (a duplicate: nothing changes). Otherwise records t as the id's
  // first occurrence.
  bool seen(uint32_t user, RecentIds& recent, uint64_t id, int64_t t);
  // What seen() would answer, without recording anything (for observers).
  bool wouldDrop(uint32_t user, const RecentIds& recent, uint64_t id, int64_t t) const;

  int64_t windowMs() const { return windowMs_; }

  // The ids pushed out of users' headers (live or not yet purged).
  struct Entry {
    uint64_t id = 0;  // 0: an empty slot
    uint32_t user = 0;
    uint32_t unused = 0;
    int64_t first = 0;
  };
  size_t size() const { return count_; }
  std::span<const Entry> entries() const { return {slots(), capacity_}; }
  void restore(std::vector<Entry> live);
  void clear() { reset(kMinSlots); }

 private:
  static constexpr size_t kMinSlots = 1024;
  Entry* slots() const { return reinterpret_cast<Entry*>(memory_.get()); }
  static size_t slotOf(uint32_t user, uint64_t id) { return id ^ (uint64_t{user} * 0x9E3779B97F4A7C15ull); }
  bool live(int64_t first, int64_t t) const { return satSub(t, first) < windowMs_; }
  // The table's entry for (user, id), or nullptr.
  const Entry* find(uint32_t user, uint64_t id) const;
  // Stores (user, id) as first seen at `first`, replacing an older entry of the pair.
  void put(uint32_t user, uint64_t id, int64_t first, int64_t now);
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
