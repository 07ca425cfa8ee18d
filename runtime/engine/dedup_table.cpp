#include "runtime/engine/dedup_table.hpp"

#include <algorithm>

#include "runtime/engine/hashing.hpp"

namespace onb::engine {

uint64_t DedupTable::idHash(std::string_view messageId) {
  const uint64_t h = hashBytes(messageId.data(), messageId.size(), 0x5bd1e9955bd1e995ull);
  return h ? h : 1;
}

bool DedupTable::seen(uint32_t user, RecentIds& recent, uint64_t id, int64_t t) {
  int empty = -1, oldest = 0;
  for (int k = 0; k < RecentIds::kSlots; ++k) {
    if (recent.hash[k] == id) {
      if (live(recent.first[k], t)) return true;
      recent.first[k] = t;  // the window has passed: this is the id's new first occurrence
      return false;
    }
    if (recent.hash[k] == 0) empty = k;
    else if (recent.first[k] < recent.first[oldest]) oldest = k;  // matters only when none is empty
  }
  // Not among the last few: the table may hold it while one of the user's ids pushed out
  // there is inside the window.
  if (recent.spilledLatest != kNoTime && live(recent.spilledLatest, t)) {
    const Entry* e = find(user, id);
    if (e && live(e->first, t)) return true;
  }
  int k = empty;
  if (k < 0) {
    k = oldest;
    if (live(recent.first[k], t)) {  // still a possible duplicate: keep it in the table
      put(user, recent.hash[k], recent.first[k], t);
      recent.spilledLatest = std::max(recent.spilledLatest, recent.first[k]);
    }
  }
  recent.hash[k] = id;
  recent.first[k] = t;
  return false;
}

bool DedupTable::wouldDrop(uint32_t user, const RecentIds& recent, uint64_t id, int64_t t) const {
  for (int k = 0; k < RecentIds::kSlots; ++k)
    if (recent.hash[k] == id) return live(recent.first[k], t);
  if (recent.spilledLatest == kNoTime || !live(recent.spilledLatest, t)) return false;
  const Entry* e = find(user, id);
  return e && live(e->first, t);
}

const DedupTable::Entry* DedupTable::find(uint32_t user, uint64_t id) const {
  const Entry* table = slots();
  const size_t mask = capacity_ - 1;
  for (size_t i = slotOf(user, id) & mask;; i = (i + 1) & mask) {
    const Entry& e = table[i];
    if (e.id == 0) return nullptr;
    if (e.id == id && e.user == user) return &e;
  }
}

void DedupTable::put(uint32_t user, uint64_t id, int64_t first, int64_t now) {
  if (const Entry* e = find(user, id)) {
    const_cast<Entry*>(e)->first = first;  // the table's own memory
    return;
  }
  insert(Entry{id, user, 0, first});
  if (count_ * 2 > capacity_) rebuild(now);
}

void DedupTable::reset(size_t capacity) {
  if (capacity == capacity_) {
    std::fill(slots(), slots() + capacity_, Entry{});
  } else {
    memory_ = allocateHugePages(capacity * sizeof(Entry));  // zeroed: every slot empty
    capacity_ = capacity;
  }
  count_ = 0;
}

void DedupTable::insert(const Entry& x) {
  Entry* table = slots();
  const size_t mask = capacity_ - 1;
  size_t i = slotOf(x.user, x.id) & mask;
  while (table[i].id != 0) i = (i + 1) & mask;
  table[i] = x;
  ++count_;
}

// Drops ids whose window has passed (events are processed in time order, so they can
// never be duplicates again), then grows if the table is still more than an eighth full.
// The table is cleared in place rather than allocated afresh: a new multi-megabyte
// allocation is fresh pages, and faulting them in cost more than the rest of the rebuild.
void DedupTable::rebuild(int64_t now) {
  keep_.clear();
  for (const Entry& e : entries())
    if (e.id != 0 && live(e.first, now)) keep_.push_back(e);
  size_t capacity = capacity_;
  while (keep_.size() * 8 > capacity) capacity *= 2;  // rebuild again only after many inserts
  reset(capacity);
  for (const Entry& e : keep_) insert(e);
}

void DedupTable::restore(std::vector<Entry> live) {
  size_t capacity = kMinSlots;
  while (live.size() * 4 > capacity) capacity *= 2;
  reset(capacity);
  for (const Entry& e : live) insert(e);
}

}  // namespace onb::engine
