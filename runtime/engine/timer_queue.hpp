// The engine's pending firings, popped in the order of firesBefore (timer_heap.hpp). A
// calendar queue: due times fall into buckets of 2^kBucketShift ms (about 17 minutes).
// Entries of the bucket being drained, and of any earlier one, are in a small 4-ary heap
// (`near_`); the next kBuckets buckets (about 50 days) are unsorted vectors in a ring, a
// bitmap marking the non-empty ones; anything later waits in an overflow heap. Pushing a
// timer due later is an append; a bucket is heapified once, when it comes due, and its
// pops then stay in a heap of a few hundred entries that fits in the L1 cache. The whole
// heap of the previous design took about eight cache misses per pop at 400,000 entries
// (docs/performance.md).
//
// The order is total (no two entries share due, kind class and seq), so the pops are the
// same as any other priority queue's; only entry iteration order differs. The drained
// bucket is the earliest with a pending timer; timers armed later but due before it go to
// the small heap too, which in the worst case (nothing due for weeks, then many short
// timers) grows into an ordinary heap: never slower than the one this replaced.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "runtime/engine/timer_heap.hpp"

namespace onb::engine {

class TimerQueue {
 public:
  static constexpr int kBucketShift = 20;  // 1,048,576 ms per bucket
  static constexpr uint32_t kBuckets = 4096;

  TimerQueue();

  void push(const TimerEntry& e);
  // The earliest entry; requires !empty(). Not const: it may bring the next bucket in.
  const TimerEntry& top() {
    if (near_.empty()) refill();
    return near_.top();
  }
  TimerEntry pop() {
    if (near_.empty()) refill();
    --size_;
    return near_.pop();
  }
  bool empty() const { return size_ == 0; }
  size_t size() const { return size_; }
  void clear();
  // Every entry, in no particular order.
  template <class F>
  void forEach(F&& f) const {
    for (const TimerEntry& e : near_.entries()) f(e);
    for (const std::vector<TimerEntry>& b : ring_)
      for (const TimerEntry& e : b) f(e);
    for (const TimerEntry& e : overflow_.entries()) f(e);
  }
  // Every entry in firing order (snapshots: a canonical order whatever the history).
  std::vector<TimerEntry> sorted() const;
  // Replaces the contents with arbitrary entries (snapshot restore).
  void assign(const std::vector<TimerEntry>& entries);

 private:
  static int64_t bucketOf(int64_t due) { return due >> kBucketShift; }
  void refill();
  void toRing(int64_t bucket, const TimerEntry& e);

  TimerHeap near_;                             // buckets <= cur_
  std::vector<std::vector<TimerEntry>> ring_;  // buckets cur_+1 .. cur_+kBuckets-1, at bucket % kBuckets
  std::array<uint64_t, kBuckets / 64> used_{}; // non-empty ring slots
  size_t inRing_ = 0;
  TimerHeap overflow_;                         // buckets >= cur_ + kBuckets
  int64_t cur_ = 0;
  size_t size_ = 0;
};

}  // namespace onb::engine
