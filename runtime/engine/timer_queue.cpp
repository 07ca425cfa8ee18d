#include "runtime/engine/timer_queue.hpp"

#include <algorithm>
#include <bit>

namespace onb::engine {

TimerQueue::TimerQueue() : ring_(kBuckets) {}

void TimerQueue::toRing(int64_t bucket, const TimerEntry& e) {
  const auto slot = static_cast<uint32_t>(static_cast<uint64_t>(bucket) % kBuckets);
  std::vector<TimerEntry>& b = ring_[slot];
  if (b.capacity() == 0) b.reserve(16);  // skips the first four growths (a bucket holds hundreds)
  b.push_back(e);
  used_[slot / 64] |= uint64_t{1} << (slot % 64);
  ++inRing_;
}

void TimerQueue::push(const TimerEntry& e) {
  const int64_t b = bucketOf(e.due);
  if (size_ == 0) {  // empty: start the calendar at this entry's slice
    cur_ = b;
    curSlice_ = sliceOf(e.due);
  }
  ++size_;
  if (sliceOf(e.due) <= curSlice_) {
    near_.push(e);
  } else if (b == cur_) {
    toSlice(e);
  } else if (b - cur_ < static_cast<int64_t>(kBuckets)) {
    toRing(b, e);
  } else {
    overflow_.push(e);
  }
}

// near_ is empty and size_ > 0: move curSlice_ to the next non-empty slice (dealing the
// next non-empty bucket into its slices first when the current one has none left) and
// heapify it.
void TimerQueue::refill() {
  if (fineUsed_ == 0) nextBucket();
  const auto k = static_cast<uint32_t>(std::countr_zero(fineUsed_));
  fineUsed_ &= fineUsed_ - 1;
  curSlice_ = cur_ * kFine + k;
  // adopt() leaves the slice with near_'s old, empty buffer: the 64 slices keep theirs.
  near_.adopt(fine_[k]);
}

// No slice of bucket cur_ holds anything: move cur_ to the next non-empty bucket and deal
// its entries into the slices.
void TimerQueue::nextBucket() {
  int64_t next;
  if (inRing_ > 0) {
    // The first used slot after cur_'s, going round the ring.
    const auto start = static_cast<uint32_t>((static_cast<uint64_t>(cur_) + 1) % kBuckets);
    uint32_t slot = kBuckets;
    for (uint32_t k = 0; k <= kBuckets / 64; ++k) {
      const uint32_t word = (start / 64 + k) % (kBuckets / 64);
      uint64_t bits = used_[word];
      if (k == 0) bits &= ~uint64_t{0} << (start % 64);
      if (k == kBuckets / 64) bits &= (uint64_t{1} << (start % 64)) - 1;
      if (bits) {
        slot = word * 64 + static_cast<uint32_t>(std::countr_zero(bits));
        break;
      }
    }
    const uint32_t ahead = (slot + kBuckets - start) % kBuckets;
    next = cur_ + 1 + ahead;
  } else {
    next = bucketOf(overflow_.top().due);
  }
  cur_ = next;
  const auto slot = static_cast<uint32_t>(static_cast<uint64_t>(cur_) % kBuckets);
  std::vector<TimerEntry>& bucket = ring_[slot];
  if (!bucket.empty()) {
    inRing_ -= bucket.size();
    used_[slot / 64] &= ~(uint64_t{1} << (slot % 64));
    for (const TimerEntry& e : bucket) toSlice(e);
    // Free the buffer, so that drained buckets hold no memory (otherwise every slot of
    // the ring keeps the largest buffer it ever had).
    std::vector<TimerEntry>().swap(bucket);
  }
  // The ring now reaches one bucket further: bring in what the overflow holds for it
  // (and, when the ring was empty, everything of cur_'s own bucket).
  while (!overflow_.empty() && bucketOf(overflow_.top().due) - cur_ < static_cast<int64_t>(kBuckets)) {
    const TimerEntry e = overflow_.pop();
    const int64_t b = bucketOf(e.due);
    if (b <= cur_) toSlice(e);  // b == cur_: the ring was empty
    else toRing(b, e);
  }
}

void TimerQueue::clear() {
  near_.clear();
  for (std::vector<TimerEntry>& s : fine_) s.clear();
  fineUsed_ = 0;
  for (std::vector<TimerEntry>& b : ring_) b.clear();
  used_.fill(0);
  inRing_ = 0;
  overflow_.clear();
  size_ = 0;
}

std::vector<TimerEntry> TimerQueue::sorted() const {
  std::vector<TimerEntry> all;
  all.reserve(size_);
  forEach([&](const TimerEntry& e) { all.push_back(e); });
  std::sort(all.begin(), all.end(), firesBefore);
  return all;
}

void TimerQueue::assign(const std::vector<TimerEntry>& entries) {
  clear();
  for (const TimerEntry& e : entries) push(e);
}

}  // namespace onb::engine
