// The engine's pending firings, popped in the order of firesBefore (timer_heap.hpp). A
// calendar queue with two levels: due times fall into buckets of 2^kBucketShift ms (about
// 17 minutes), each split into kFine slices of 2^kFineShift ms (about 16 seconds). The
// next kBuckets buckets (about 50 days) are unsorted vectors in a ring, a bitmap marking
// the non-empty ones; anything later waits in an overflow heap. When a bucket comes due
// its entries are dealt into its slices (one pass, no comparisons), and when a slice
// comes due it becomes a small 4-ary heap (`near_`) of a few entries. Pushing a timer due
// later is an append. The whole heap of the first design took about eight cache misses
// per pop at 400,000 entries; a one-level queue that heapified a whole bucket spent about
// 260 instructions and several mispredicted branches per pop on its few hundred entries
// (docs/performance.md).
//
// The order is total (no two entries share due, kind class and seq), so the pops are the
// same as any other priority queue's; only entry iteration order differs. The drained
// slice is the earliest with a pending timer; timers armed later but due before it go to
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
  static constexpr int kFineShift = 14;  // 16,384 ms per slice
  static constexpr uint32_t kFine = 1u << (kBucketShift - kFineShift);
  static_assert(kFine == 64, "one 64-bit word marks the used slices");

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
    for (const std::vector<TimerEntry>& s : fine_)
      for (const TimerEntry& e : s) f(e);
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
  static int64_t sliceOf(int64_t due) { return due >> kFineShift; }
  void refill();
  void nextBucket();
  void toRing(int64_t bucket, const TimerEntry& e);
  void toSlice(const TimerEntry& e) {
    const auto k = static_cast<uint32_t>(static_cast<uint64_t>(sliceOf(e.due)) % kFine);
    fine_[k].push_back(e);
    fineUsed_ |= uint64_t{1} << k;
  }

  TimerHeap near_;                             // slices <= curSlice_
  std::array<std::vector<TimerEntry>, kFine> fine_;  // the slices of bucket cur_ after curSlice_
  uint64_t fineUsed_ = 0;                      // non-empty slices
  int64_t curSlice_ = 0;                       // the slice being drained (in bucket cur_)
  std::vector<std::vector<TimerEntry>> ring_;  // buckets cur_+1 .. cur_+kBuckets-1, at bucket % kBuckets
  std::array<uint64_t, kBuckets / 64> used_{}; // non-empty ring slots
  size_t inRing_ = 0;
  TimerHeap overflow_;                         // buckets >= cur_ + kBuckets
  int64_t cur_ = 0;
  size_t size_ = 0;
};

}  // namespace onb::engine
