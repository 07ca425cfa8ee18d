// Pending firings ordered as LANGUAGE.md section 6 requires: by due time, then `exit
// after` expiries after every other timer due at the same instant, then by sequence
// number. A 4-ary min-heap: half the depth of a binary heap, so fewer cache misses with
// hundreds of thousands of users.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace onb::engine {

enum class TimerKind : uint8_t {
  Rule,      // an `after` rule's timer or its deferral (index: rule); validated by its TimerCell
  Deferred,  // a deferred `when` firing (index: payload slot)
  Expiry,    // `exit after` (index: journey)
};

struct TimerEntry {
  int64_t due;
  uint64_t seq;
  uint32_t user;
  uint32_t ref;  // kind in the top 2 bits, index below

  TimerKind kind() const { return static_cast<TimerKind>(ref >> 30); }
  uint32_t index() const { return ref & 0x3FFFFFFF; }
  static uint32_t makeRef(TimerKind kind, uint32_t index) { return (static_cast<uint32_t>(kind) << 30) | index; }
};
static_assert(sizeof(TimerEntry) == 24);

inline bool firesBefore(const TimerEntry& a, const TimerEntry& b) {
  if (a.due != b.due) return a.due < b.due;
  const bool ae = a.kind() == TimerKind::Expiry, be = b.kind() == TimerKind::Expiry;
  if (ae != be) return be;
  return a.seq < b.seq;
}

class TimerHeap {
 public:
  void push(const TimerEntry& e);
  TimerEntry pop();
  const TimerEntry& top() const { return heap_.front(); }
  bool empty() const { return heap_.empty(); }
  size_t size() const { return heap_.size(); }
  const std::vector<TimerEntry>& entries() const { return heap_; }
  void clear() { heap_.clear(); }
  // Takes `entries` (in any order) as the heap's contents, leaving `entries` empty.
  void adopt(std::vector<TimerEntry>& entries);

 private:
  void siftDown(size_t i, TimerEntry x);

  std::vector<TimerEntry> heap_;
};

}  // namespace onb::engine
