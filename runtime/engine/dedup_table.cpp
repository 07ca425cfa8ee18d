#include "runtime/engine/dedup_table.hpp"

#include <algorithm>

#include "runtime/engine/hashing.hpp"
#include "runtime/engine/user_state.hpp"

namespace onb::engine {

DedupTable::Fingerprint DedupTable::fingerprint(uint32_t user, std::string_view id) {
  Fingerprint f;
  hashBytes128(id.data(), id.size(), 0x9e3779b97f4a7c15ull ^ (uint64_t(user) * 0xff51afd7ed558ccdull), f.a, f.b);
  if (f.a == 0 && f.b == 0) f.a = 1;
  return f;
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

bool DedupTable::seen(const Fingerprint& f, int64_t t) {
  Entry* table = slots();
  const uint64_t a = f.a, b = f.b;
  const size_t mask = capacity_ - 1;
  for (size_t i = a & mask;; i = (i + 1) & mask) {
    Entry& e = table[i];
    if (e.a == 0 && e.b == 0) break;
    if (e.a == a && e.b == b) {
      if (satSub(t, e.first) < windowMs_) return true;
      e.first = t;  // the window has passed: this is the id's new first occurrence
      return false;
    }
  }
  insert(Entry{a, b, t});
  if (count_ * 2 > capacity_) rebuild(t);
  return false;
}

bool DedupTable::wouldDrop(uint32_t user, std::string_view id, int64_t t) const {
  const Fingerprint f = fingerprint(user, id);
  const Entry* table = slots();
  const size_t mask = capacity_ - 1;
  for (size_t i = f.a & mask;; i = (i + 1) & mask) {
    const Entry& e = table[i];
    if (e.a == 0 && e.b == 0) return false;
    if (e.a == f.a && e.b == f.b) return satSub(t, e.first) < windowMs_;
  }
}

void DedupTable::insert(const Entry& x) {
  Entry* table = slots();
  const size_t mask = capacity_ - 1;
  size_t i = x.a & mask;
  while (table[i].a != 0 || table[i].b != 0) i = (i + 1) & mask;
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
    if ((e.a || e.b) && satSub(now, e.first) < windowMs_) keep_.push_back(e);
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
