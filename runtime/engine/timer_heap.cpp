#include "runtime/engine/timer_heap.hpp"

#include <algorithm>

namespace onb::engine {

void TimerHeap::push(const TimerEntry& x) {
  size_t i = heap_.size();
  heap_.push_back(x);
  while (i > 0) {
    size_t parent = (i - 1) / 4;
    if (!firesBefore(x, heap_[parent])) break;
    heap_[i] = heap_[parent];
    i = parent;
  }
  heap_[i] = x;
}

// Moves x down from slot i to where it belongs among i's descendants.
void TimerHeap::siftDown(size_t i, TimerEntry x) {
  const size_t n = heap_.size();
  for (;;) {
    size_t c = 4 * i + 1;
    if (c >= n) break;
    size_t best = c, end = std::min(c + 4, n);
    for (size_t k = c + 1; k < end; ++k)
      if (firesBefore(heap_[k], heap_[best])) best = k;
    if (!firesBefore(heap_[best], x)) break;
    heap_[i] = heap_[best];
    i = best;
  }
  heap_[i] = x;
}

TimerEntry TimerHeap::pop() {
  TimerEntry top = heap_.front();
  TimerEntry x = heap_.back();
  heap_.pop_back();
  if (!heap_.empty()) siftDown(0, x);
  return top;
}

void TimerHeap::adopt(std::vector<TimerEntry>& entries) {
  heap_.clear();
  heap_.swap(entries);
  // Floyd's construction: sift down every inner node, the last first.
  for (size_t i = heap_.size() / 4 + 1; i-- > 0;)
    if (i < heap_.size()) siftDown(i, heap_[i]);
}

}  // namespace onb::engine
