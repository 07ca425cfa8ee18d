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

bool DedupTable::seen(const Fingerprint& f, int64_t t) {
  const uint64_t a = f.a, b = f.b;
  const size_t mask = slots_.size() - 1;
  for (size_t i = a & mask;; i = (i + 1) & mask) {
    Entry& e = slots_[i];
    if (e.a == 0 && e.b == 0) break;
    if (e.a == a && e.b == b) {
      if (satSub(t, e.first) < windowMs_) return true;
      e.first = t;  // the window has passed: this is the id's new first occurrence
      return false;
    }
  }
  insert(Entry{a, b, t});
  if (count_ * 2 > slots_.size()) rebuild(t);
  return false;
}

bool DedupTable::wouldDrop(uint32_t user, std::string_view id, int64_t t) const {
  const Fingerprint f = fingerprint(user, id);
  const size_t mask = slots_.size() - 1;
  for (size_t i = f.a & mask;; i = (i + 1) & mask) {
    const Entry& e = slots_[i];
    if (e.a == 0 && e.b == 0) return false;
    if (e.a == f.a && e.b == f.b) return satSub(t, e.first) < windowMs_;
  }
}

void DedupTable::insert(const Entry& x) {
  const size_t mask = slots_.size() - 1;
  size_t i = x.a & mask;
  while (slots_[i].a != 0 || slots_[i].b != 0) i = (i + 1) & mask;
  slots_[i] = x;
  ++count_;
}

// Drops ids whose window has passed (events are processed in time order, so they can
// never be duplicates again), then grows if the table is still more than an eighth full.
// The table is cleared in place rather than allocated afresh: a new multi-megabyte
// allocation is fresh pages, and faulting them in cost more than the rest of the rebuild.
void DedupTable::rebuild(int64_t now) {
  keep_.clear();
  for (const Entry& e : slots_)
    if ((e.a || e.b) && satSub(now, e.first) < windowMs_) keep_.push_back(e);
  size_t capacity = slots_.size();
  while (keep_.size() * 8 > capacity) capacity *= 2;  // rebuild again only after many inserts
  if (capacity == slots_.size())
    std::fill(slots_.begin(), slots_.end(), Entry{});
  else
    slots_.assign(capacity, Entry{});
  count_ = 0;
  for (const Entry& e : keep_) insert(e);
}

void DedupTable::restore(std::vector<Entry> live) {
  size_t capacity = 1024;
  while (live.size() * 4 > capacity) capacity *= 2;
  slots_.assign(capacity, Entry{});
  count_ = 0;
  for (const Entry& e : live) insert(e);
}

}  // namespace onb::engine
