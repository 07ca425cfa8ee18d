// The layout of the pieces of a user's state block (bc::StateLayout gives their offsets).
// Every piece is plain data at an 8-aligned offset, so a block can be copied, zeroed and
// written to a snapshot field by field.
#pragma once

#include <cstdint>
#include <cstring>
#include <deque>
#include <limits>
#include <memory>
#include <vector>

#include "runtime/bytecode/value.hpp"

namespace onb::engine {

inline constexpr int64_t kNoTime = std::numeric_limits<int64_t>::min();

// A stored trait (16 bytes). Strings are owned: `s` is malloc'ed and freed on overwrite.
struct TraitCell {
  union {
    int64_t i;
    double f;
    char* s;
  };
  uint32_t len;
  uint8_t set;  // 0: unset (reads as the default, or missing)
  uint8_t pad[3];
};
static_assert(sizeof(TraitCell) == 16);

// A journey's state for one user (16 bytes).
struct JourneyCell {
  uint8_t status;      // JourneyStatus
  uint8_t holdout;     // 1: in the holdout cohort
  uint8_t retention;   // metrics: bit 0 d1, bit 1 d7, bit 2 d30 retained
  uint8_t converted;   // metrics: reached the goal
  uint32_t delivered;  // delivered actions so far (the ids' counter)
  int64_t enteredAt;
};
static_assert(sizeof(JourneyCell) == 16);

enum JourneyStatus : uint8_t { kNeverEntered = 0, kInJourney = 1, kExited = 2 };

// The pending firing of an `after` rule (32 bytes): a timer, or its deferral by quiet
// hours. seq == 0: nothing pending. heapDue/heapSeq name the timer-heap entry that stands
// for it (the heap keeps one entry per pending firing; a re-arm to a later time only
// updates due/seq here and the entry is moved when it comes up).
struct TimerCell {
  int64_t due;
  uint64_t seq;
  int64_t heapDue;
  uint64_t heapSeq;
};
static_assert(sizeof(TimerCell) == 32);

// A user's last few processed messageIds (dedup_table.hpp), in the user's header: 64-bit
// hashes (0: empty) with the time of their first occurrence, and the latest first time of
// the user's ids pushed out to the DedupTable (kNoTime: none).
struct RecentIds {
  static constexpr int kSlots = 4;
  uint64_t hash[kSlots];
  int64_t first[kSlots];
  int64_t spilledLatest;
};
static_assert(sizeof(RecentIds) == 72);

// A ring of the last `k` times (history rings, limits, caps): int64 times[k], then
// uint32 count (at most k), uint32 head (the next write; once full, the oldest).
struct Ring {
  static int64_t* times(uint8_t* base) { return reinterpret_cast<int64_t*>(base); }
  static uint32_t* count(uint8_t* base, uint32_t k) { return reinterpret_cast<uint32_t*>(base + 8 * k); }
  static uint32_t* head(uint8_t* base, uint32_t k) { return reinterpret_cast<uint32_t*>(base + 8 * k + 4); }

  static void push(uint8_t* base, uint32_t k, int64_t t) {
    uint32_t& h = *head(base, k);
    uint32_t& n = *count(base, k);
    times(base)[h] = t;
    h = h + 1 == k ? 0 : h + 1;
    if (n < k) ++n;
  }
  // The n-th most recent time (1 = the latest); requires 1 <= n <= count.
  static int64_t nthLatest(const uint8_t* base, uint32_t k, uint32_t n) {
    uint32_t h = *reinterpret_cast<const uint32_t*>(base + 8 * k + 4);
    uint32_t i = (h + k - n) % k;
    return reinterpret_cast<const int64_t*>(base)[i];
  }
  static uint32_t size(const uint8_t* base, uint32_t k) { return *reinterpret_cast<const uint32_t*>(base + 8 * k); }
};

// A growable, sorted list of times (history logs), pruned from the front.
struct TimeLog {
  int64_t* data = nullptr;
  uint32_t begin = 0;  // first live element
  uint32_t end = 0;    // one past the last
  uint32_t capacity = 0;

  uint32_t size() const { return end - begin; }
  void push(int64_t t);
  void pruneUpTo(int64_t t);  // drops times <= t
  // Number of times > t.
  uint32_t countAfter(int64_t t) const;
  void clear();
};

// Saturating a - b for window bounds (`now - D` never overflows).
inline int64_t satSub(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_sub_overflow(a, b, &r)) return b > 0 ? std::numeric_limits<int64_t>::min() : std::numeric_limits<int64_t>::max();
  return r;
}

}  // namespace onb::engine

namespace onb::engine {

// The occurrences of one event type with their properties, for history filters evaluated
// at query time (bc::HistoryStream::lazy). Entries are in time order; strings are owned.
struct EventLog {
  struct Entry {
    int64_t t;
    std::vector<Value> props;
    std::unique_ptr<char[]> strings;
  };
  std::deque<Entry> entries;

  void push(int64_t t, const Value* props, size_t count);
  void pruneUpTo(int64_t t);  // drops entries at or before t
};

}  // namespace onb::engine
