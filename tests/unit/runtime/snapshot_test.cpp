// Engine snapshots: stopping at any line, restoring into a fresh engine and going on gives
// exactly the records of an uninterrupted run; bad snapshots are refused cleanly.
#include "runtime/engine/snapshot.hpp"

#include <cstdio>
#include <cstring>

#include "runtime/engine/hashing.hpp"

#include "tests/unit/runtime/runtime_test_support.hpp"

namespace onb::testing {
namespace {

std::string examplesEvents() {
  return readCommand("python3 " ONB_SOURCE_DIR "/examples/data/generate_events.py --users 120 --seed 5");
}

// Runs to `stop`, snapshots, restores into a new engine and finishes there.
std::string runWithRestart(const bc::Program& p, const std::vector<std::string>& lines, size_t stop,
                           engine::EngineOptions options) {
  std::string before;
  std::string snapshot;
  {
    Harness h(p, options);
    for (size_t i = 0; i < stop; ++i) h.push(lines[i], i + 1);
    h.writer.flush();
    before = h.out;
    snapshot = engine::writeSnapshot(h.engine);
  }
  Harness h(p, options);
  std::string error;
  EXPECT_TRUE(engine::restoreSnapshot(h.engine, snapshot, error)) << error;
  for (size_t i = stop; i < lines.size(); ++i) h.push(lines[i], i + 1);
  return before + h.finish();
}

TEST(Snapshot, RestartAnywhereGivesTheSameRecords) {
  auto p = compileFileOrDie(ONB_SOURCE_DIR "/examples/saas/onboarding.onb");
  ASSERT_TRUE(p);
  std::vector<std::string> lines = splitLines(examplesEvents());
  ASSERT_GT(lines.size(), 500u);
  for (int64_t lateness : {int64_t{0}, int64_t{3'600'000}}) {
    engine::EngineOptions options;
    options.latenessMs = lateness;
    options.metrics = true;
    const std::string full = runAll(*p, lines, options);
    ASSERT_FALSE(full.empty());
    for (size_t stop : {size_t{1}, size_t{57}, lines.size() / 3, lines.size() / 2, lines.size() - 1, lines.size()})
      EXPECT_EQ(runWithRestart(*p, lines, stop, options), full) << "stopped after line " << stop << ", lateness " << lateness;
  }
}

// A user with more ids inside the dedup window than the user's header keeps: the older
// ones live in the shared table. Stopping anywhere, every repeat is still a duplicate
// after the restore, and an id is new again once its window has passed.
TEST(Snapshot, DuplicatesSurviveARestartIncludingIdsPushedOutOfTheHeader) {
  auto p = compileOrDie("event e\njourney j { enter when e rule r { when e emit \"x\" } }\n");
  auto line = [](const char* user, int id, int minutes) {
    char buf[200];
    std::snprintf(buf, sizeof buf,
                  R"({"type":"track","userId":"%s","event":"e","messageId":"m-%d","timestamp":"2025-01-%02dT%02d:%02d:00Z"})",
                  user, id, 1 + minutes / 1440, minutes % 1440 / 60, minutes % 60);
    return std::string(buf);
  };
  std::vector<std::string> lines;
  for (int i = 0; i < 12; ++i) lines.push_back(line("u", i, i));           // 12 ids: 8 pushed out
  for (int i = 0; i < 12; ++i) lines.push_back(line("v", i, 12 + i));      // another user, same ids
  for (int i = 0; i < 12; ++i) lines.push_back(line("u", i, 30 + i));      // repeats: duplicates
  for (int i = 0; i < 12; ++i) lines.push_back(line("u", i, 24 * 60 + i));  // 24h later: new again
  engine::EngineOptions options;
  Harness h(*p, options);
  for (size_t i = 0; i < lines.size(); ++i) h.push(lines[i], i + 1);
  const std::string full = h.finish();
  EXPECT_EQ(h.engine.stats().duplicates, 12u);
  EXPECT_EQ(h.engine.stats().processed, 36u) << "the first 12 of each user, and u's 12 again a day later";
  for (size_t stop = 0; stop <= lines.size(); ++stop)
    EXPECT_EQ(runWithRestart(*p, lines, stop, options), full) << "stopped after line " << stop;
}

TEST(Snapshot, RefusesAnotherProgram) {
  auto a = compileOrDie("event e\njourney j { enter when e rule r { when e emit \"x\" } }\n");
  auto b = compileOrDie("event e\njourney k { enter when e rule r { when e emit \"y\" } }\n");
  Harness ha(*a);
  ha.push(R"({"type":"track","userId":"u","event":"e","timestamp":"2025-01-01T00:00:00Z"})", 1);
  std::string snap = engine::writeSnapshot(ha.engine);
  Harness hb(*b);
  std::string error;
  EXPECT_FALSE(engine::restoreSnapshot(hb.engine, snap, error));
  EXPECT_NE(error.find("another program"), std::string::npos) << error;
}

// Strings restored from a snapshot reach records: one that is not valid UTF-8 (here a
// user id, with the checksum made to match) is refused.
TEST(Snapshot, RefusesTextThatIsNotUtf8) {
  auto p = compileOrDie("event e\njourney j { enter when e rule r { when e emit \"x\" } }\n");
  Harness h(*p);
  h.push(R"({"type":"track","userId":"user-q","event":"e","timestamp":"2025-01-01T00:00:00Z"})", 1);
  std::string snap = engine::writeSnapshot(h.engine);
  const size_t id = snap.find("user-q");
  ASSERT_NE(id, std::string::npos);
  snap[id + 5] = static_cast<char>(0xA1);
  // magic, version, then the program hash (u32 length + bytes), two u64 and the checksum.
  uint32_t hashLength = 0;
  std::memcpy(&hashLength, snap.data() + 12, 4);
  const size_t sumAt = 12 + 4 + hashLength + 8;
  const uint64_t sum = engine::fnv1a(engine::kFnvBasis, std::string_view(snap).substr(sumAt + 8));
  std::memcpy(snap.data() + sumAt, &sum, 8);
  Harness fresh(*p);
  std::string error;
  EXPECT_FALSE(engine::restoreSnapshot(fresh.engine, snap, error));
  EXPECT_NE(error.find("not valid UTF-8"), std::string::npos) << error;
  // The unmodified bytes restore (so it is the string that was refused).
  snap[id + 5] = 'q';
  const uint64_t original = engine::fnv1a(engine::kFnvBasis, std::string_view(snap).substr(sumAt + 8));
  std::memcpy(snap.data() + sumAt, &original, 8);
  Harness again(*p);
  EXPECT_TRUE(engine::restoreSnapshot(again.engine, snap, error)) << error;
}

TEST(Snapshot, CorruptionIsAnErrorNeverACrash) {
  auto p = compileFileOrDie(ONB_SOURCE_DIR "/examples/saas/onboarding.onb");
  ASSERT_TRUE(p);
  std::vector<std::string> lines = splitLines(examplesEvents());
  Harness h(*p);
  for (size_t i = 0; i < lines.size() / 2; ++i) h.push(lines[i], i + 1);
  const std::string snap = engine::writeSnapshot(h.engine);
  for (size_t cut = 0; cut < snap.size(); cut += 1 + snap.size() / 300) {
    Harness fresh(*p);
    std::string error;
    EXPECT_FALSE(engine::restoreSnapshot(fresh.engine, snap.substr(0, cut), error)) << "truncated at " << cut;
  }
  // Flip bytes past the header: the checksum catches them.
  for (size_t at = 40; at < snap.size(); at += 1 + snap.size() / 200) {
    std::string bad = snap;
    bad[at] = static_cast<char>(bad[at] ^ 0x5A);
    Harness fresh(*p);
    std::string error;
    EXPECT_FALSE(engine::restoreSnapshot(fresh.engine, bad, error)) << "flipped byte " << at;
  }
}

}  // namespace
}  // namespace onb::testing
