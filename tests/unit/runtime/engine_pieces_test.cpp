// Engine pieces in isolation: timer order, quiet hours across DST changes, the holdout
// hash, the dedup window.
#include <algorithm>
#include <map>
#include <random>
#include <set>

#include <gtest/gtest.h>

#include "runtime/engine/dedup_table.hpp"
#include "runtime/engine/hashing.hpp"
#include "runtime/engine/quiet_hours.hpp"
#include "runtime/engine/timer_queue.hpp"
#include "stdlib/civil_time.hpp"

namespace onb::engine {
namespace {

int64_t at(const char* iso) {
  int64_t t = 0;
  EXPECT_EQ(civil::parseIso(iso, t), civil::IsoError::None) << iso;
  return t;
}

TEST(TimerHeap, OrdersByDueThenExpiriesLastThenSequence) {
  std::mt19937_64 rng(7);
  TimerHeap heap;
  std::vector<TimerEntry> all;
  for (uint64_t seq = 1; seq <= 5000; ++seq) {
    TimerKind kind = static_cast<TimerKind>(rng() % 3);
    TimerEntry e{static_cast<int64_t>(rng() % 50), seq, static_cast<uint32_t>(rng() % 100), TimerEntry::makeRef(kind, 3)};
    all.push_back(e);
    heap.push(e);
  }
  std::vector<TimerEntry> popped;
  while (!heap.empty()) popped.push_back(heap.pop());
  ASSERT_EQ(popped.size(), all.size());
  for (size_t i = 1; i < popped.size(); ++i) {
    const TimerEntry &a = popped[i - 1], &b = popped[i];
    ASSERT_LE(a.due, b.due);
    if (a.due == b.due) {
      const bool ae = a.kind() == TimerKind::Expiry, be = b.kind() == TimerKind::Expiry;
      ASSERT_FALSE(ae && !be) << "an expiry fired before another timer due at the same instant";
      if (ae == be) {
        ASSERT_LT(a.seq, b.seq);
      }
    }
  }
}

// The calendar queue pops exactly what a plain sort says, whatever mix of pushes and pops:
// entries due in the slice being drained, in later slices of its bucket, earlier ones,
// later ones in the ring, beyond the ring (overflow), equal due times of every kind,
// negative and extreme times.
TEST(TimerQueue, PopsInFiringOrderUnderInterleavedPushes) {
  for (uint64_t seed : {1, 2, 3, 4}) {
    std::mt19937_64 rng(seed);
    TimerQueue queue;
    std::vector<TimerEntry> pending;  // the reference: sorted on demand
    uint64_t seq = 0;
    int64_t now = seed == 4 ? -(int64_t{1} << 40) : 1'735'689'600'000;
    const int64_t bucket = int64_t{1} << TimerQueue::kBucketShift;
    auto randomDue = [&]() -> int64_t {
      switch (rng() % 8) {
        case 0: return now + static_cast<int64_t>(rng() % 1000);                    // this slice
        case 7: return now + static_cast<int64_t>(rng() % bucket);                  // this bucket's slices
        case 1: return now - static_cast<int64_t>(rng() % (3 * bucket));            // already due
        case 2: return now + static_cast<int64_t>(rng() % (200 * bucket));          // the ring
        case 3: return now + static_cast<int64_t>(rng() % (20'000 * bucket));       // mostly overflow
        case 4: return now + static_cast<int64_t>(TimerQueue::kBuckets - 1 + rng() % 3) * bucket;  // ring's edge
        case 5: return INT64_MAX;
        default: return now + 5 * bucket;                                           // many equal due times
      }
    };
    for (int step = 0; step < 20'000; ++step) {
      if (rng() % 5 < 3 || pending.empty()) {
        TimerEntry e{randomDue(), ++seq, static_cast<uint32_t>(rng() % 100),
                     TimerEntry::makeRef(static_cast<TimerKind>(rng() % 3), 1)};
        queue.push(e);
        pending.push_back(e);
      } else {
        auto first = std::min_element(pending.begin(), pending.end(), firesBefore);
        ASSERT_EQ(queue.size(), pending.size());
        const TimerEntry expect = *first;
        pending.erase(first);
        ASSERT_EQ(queue.top().seq, expect.seq) << "seed " << seed << " step " << step;
        const TimerEntry got = queue.pop();
        ASSERT_EQ(got.seq, expect.seq) << "seed " << seed << " step " << step;
        ASSERT_EQ(got.due, expect.due);
        if (got.due != INT64_MAX && got.due > now) now = got.due;  // time moves on as timers fire
      }
    }
    std::vector<TimerEntry> sorted = pending;
    std::sort(sorted.begin(), sorted.end(), firesBefore);
    const std::vector<TimerEntry> listed = queue.sorted();
    ASSERT_EQ(listed.size(), sorted.size());
    for (size_t i = 0; i < sorted.size(); ++i) ASSERT_EQ(listed[i].seq, sorted[i].seq);
    // Restoring from the listing gives a queue that pops the same.
    TimerQueue restored;
    restored.assign(listed);
    for (const TimerEntry& e : sorted) ASSERT_EQ(restored.pop().seq, e.seq);
    for (const TimerEntry& e : sorted) ASSERT_EQ(queue.pop().seq, e.seq);
    EXPECT_TRUE(queue.empty() && restored.empty());
  }
}

TEST(QuietHours, UtcWindowsHalfOpenAndWrapping) {
  QuietHours q;
  int64_t until = 0;
  EXPECT_TRUE(q.inside("", at("2025-01-01T23:30:00Z"), 22 * 60, 7 * 60, until));
  EXPECT_EQ(until, at("2025-01-02T07:00:00Z"));
  EXPECT_TRUE(q.inside("UTC", at("2025-01-02T06:59:59.999Z"), 22 * 60, 7 * 60, until));
  EXPECT_EQ(until, at("2025-01-02T07:00:00Z"));
  EXPECT_FALSE(q.inside("UTC", at("2025-01-02T07:00:00Z"), 22 * 60, 7 * 60, until));
  EXPECT_TRUE(q.inside("UTC", at("2025-01-02T22:00:00Z"), 22 * 60, 7 * 60, until));
  EXPECT_FALSE(q.inside("UTC", at("2025-01-02T12:00:00Z"), 12 * 60, 12 * 60, until)) << "start == end is empty";
  EXPECT_TRUE(q.inside("Mars/Olympus_Mons", at("2025-01-02T12:30:00Z"), 12 * 60, 13 * 60, until)) << "unknown zone is UTC";
  EXPECT_EQ(until, at("2025-01-02T13:00:00Z"));
}

TEST(QuietHours, LocalTimeAndDstChanges) {
  QuietHours q;
  int64_t until = 0;
  // New York in winter is UTC-5: 21:00..08:00 local.
  EXPECT_TRUE(q.inside("America/New_York", at("2025-01-15T03:00:00Z"), 21 * 60, 8 * 60, until));
  EXPECT_EQ(until, at("2025-01-15T13:00:00Z"));
  EXPECT_FALSE(q.inside("America/New_York", at("2025-01-15T13:00:00Z"), 21 * 60, 8 * 60, until));
  // Spring forward 2025-03-09: 02:00 EST jumps to 03:00 EDT. A window ending at 02:30
  // local ends at the first instant after the gap: 03:00 EDT = 07:00 UTC.
  EXPECT_TRUE(q.inside("America/New_York", at("2025-03-09T06:30:00Z"), 60, 150, until));  // 01:30 EST
  EXPECT_EQ(until, at("2025-03-09T07:00:00Z"));
  // The window's end after the change uses the new offset: 08:00 EDT = 12:00 UTC.
  EXPECT_TRUE(q.inside("America/New_York", at("2025-03-09T04:00:00Z"), 21 * 60, 8 * 60, until));  // 23:00 EST
  EXPECT_EQ(until, at("2025-03-09T12:00:00Z"));
  // Fall back 2025-11-02: 01:30 happens twice; the first (EDT, UTC-4) is taken.
  EXPECT_TRUE(q.inside("America/New_York", at("2025-11-02T04:00:00Z"), 0, 90, until));  // 00:00 EDT
  EXPECT_EQ(until, at("2025-11-02T05:30:00Z"));
  // Berlin, 2025-03-30: 02:00 CET jumps to 03:00 CEST.
  EXPECT_TRUE(q.inside("Europe/Berlin", at("2025-03-30T00:30:00Z"), 0, 150, until));  // 01:30 CET
  EXPECT_EQ(until, at("2025-03-30T01:00:00Z"));
}

TEST(Holdout, Fnv1a64OfJourneyAndUser) {
  // LANGUAGE.md section 4; the values of conformance case 018.
  auto bucket = [](std::string_view journey, std::string_view user) {
    uint64_t h = fnv1a(kFnvBasis, journey);
    h = fnv1a(h, ":");
    return fnv1a(h, user) % 10000;
  };
  EXPECT_EQ(bucket("onboarding", "u1"), 4936u);
  EXPECT_EQ(bucket("onboarding", "u2"), 9569u);
  EXPECT_EQ(bucket("onboarding", "u3"), 1358u);
}

// The tables' hash reads every byte whatever the length (the tail of a long string is an
// overlapping load; short strings are read in pieces): changing any one byte, or the
// length, changes the hash.
TEST(HashBytes, EveryByteAndTheLengthCount) {
  std::mt19937_64 rng(9);
  std::set<uint64_t> all;
  for (size_t n = 0; n <= 40; ++n) {
    std::string s(n, '\0');
    for (char& c : s) c = static_cast<char>(rng());
    const uint64_t h = hashString(s);
    all.insert(h);
    for (size_t i = 0; i < n; ++i) {
      std::string t = s;
      t[i] = static_cast<char>(t[i] ^ (1 << (rng() % 8)));
      EXPECT_NE(hashString(t), h) << "length " << n << ", byte " << i;
    }
    EXPECT_NE(hashString(s + '\0'), h) << "length " << n;
  }
  EXPECT_EQ(all.size(), 41u);
}

// The dedup state of a few users as the engine keeps it: RecentIds in each user's header,
// the shared table for ids pushed out of them.
struct Dedup {
  explicit Dedup(int64_t windowMs) : table(windowMs) {}
  RecentIds& recent(uint32_t user) {
    auto [it, fresh] = users.try_emplace(user);
    if (fresh) it->second.spilledLatest = kNoTime;
    return it->second;
  }
  bool seen(uint32_t user, std::string_view id, int64_t t) {
    return table.seen(user, recent(user), DedupTable::idHash(id), t);
  }
  bool wouldDrop(uint32_t user, std::string_view id, int64_t t) {
    return table.wouldDrop(user, recent(user), DedupTable::idHash(id), t);
  }
  DedupTable table;
  std::map<uint32_t, RecentIds> users;
};

TEST(DedupTable, WindowFirstOccurrenceAndPurge) {
  Dedup d(3'600'000);
  EXPECT_FALSE(d.seen(1, "m", 0));
  EXPECT_TRUE(d.seen(1, "m", 3'599'999));  // inside the window: dropped, t_first unchanged
  EXPECT_FALSE(d.seen(1, "m", 3'600'000));  // exactly W after the first: a new first occurrence
  EXPECT_TRUE(d.seen(1, "m", 7'199'999));
  EXPECT_FALSE(d.seen(2, "m", 7'199'999)) << "ids are per user";
  // Many ids over a long time: expired ones are purged, so the table stays small.
  for (int64_t i = 0; i < 200'000; ++i) d.seen(3, "id-" + std::to_string(i), 10'000'000 + i * 60'000);
  EXPECT_LT(d.table.entries().size(), 8192u);
}

// More live ids than a header holds: the older ones move to the table and are still
// found, by seen() and by wouldDrop(), until their window passes.
TEST(DedupTable, IdsPushedOutOfTheHeaderAreStillDuplicates) {
  Dedup d(3'600'000);
  for (int i = 0; i < 100; ++i) EXPECT_FALSE(d.seen(7, "id-" + std::to_string(i), i * 1000));
  EXPECT_GT(d.table.size(), 0u);
  for (int i = 0; i < 100; ++i) {
    EXPECT_TRUE(d.wouldDrop(7, "id-" + std::to_string(i), 200'000)) << i;
    EXPECT_TRUE(d.seen(7, "id-" + std::to_string(i), 200'000)) << i;
    EXPECT_FALSE(d.wouldDrop(8, "id-" + std::to_string(i), 200'000)) << "another user's";
  }
  // id-50 was first seen at 50,000: its window ends at 3,650,000.
  EXPECT_TRUE(d.seen(7, "id-50", 3'649'999));
  EXPECT_FALSE(d.wouldDrop(7, "id-50", 3'650'000));
  EXPECT_FALSE(d.seen(7, "id-50", 3'650'000));
  EXPECT_TRUE(d.seen(7, "id-50", 3'650'001)) << "its new first occurrence";
}

// Against a plain model (every (user, id) with its first time), on random streams whose
// users have from one to dozens of live ids at a time: the same answers, every call.
TEST(DedupTable, MatchesAPlainMapOnRandomStreams) {
  for (uint64_t seed : {1, 2, 3, 4, 5}) {
    std::mt19937_64 rng(seed);
    const int64_t window = seed == 5 ? 1 : 60'000 * static_cast<int64_t>(1 + rng() % 120);
    Dedup d(window);
    std::map<std::pair<uint32_t, std::string>, int64_t> model;
    int64_t t = static_cast<int64_t>(rng() % 1'000'000) - 500'000;
    for (int step = 0; step < 60'000; ++step) {
      t += static_cast<int64_t>(rng() % 20'000);
      const uint32_t user = static_cast<uint32_t>(rng() % 40);
      const std::string id = "m" + std::to_string(rng() % (user < 10 ? 5 : 60));
      auto it = model.find({user, id});
      const bool expect = it != model.end() && t - it->second < window;
      ASSERT_EQ(d.wouldDrop(user, id, t), expect) << "seed " << seed << " step " << step;
      ASSERT_EQ(d.seen(user, id, t), expect) << "seed " << seed << " step " << step;
      if (!expect) model[{user, id}] = t;
    }
  }
}

}  // namespace
}  // namespace onb::engine
