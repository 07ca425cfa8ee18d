// Hostile workloads at run time: expressions that fail (an `error` record, the run goes
// on), a user with a million events in one window, and a million users. Memory bounds
// are checked on the process's resident size (plain builds only: the sanitizers add
// their own memory).
#include <string>

#include "hostile_support.hpp"

namespace onb::hostile {
namespace {

// Counts records by kind instead of buffering them.
struct Counting {
  explicit Counting(Engine& engine) {
    engine.setRecordHandler([this](const Record& r) {
      ++byKind[static_cast<size_t>(r.kind)];
      if (r.kind == RecordKind::Error) lastError = r.rule + ": " + r.message;
    });
  }
  uint64_t count(RecordKind kind) const { return byKind[static_cast<size_t>(kind)]; }
  uint64_t byKind[kRecordKindCount] = {};
  std::string lastError;
};

TEST(HostileRuntime, IntOverflowAndDivisionByZeroAreErrorRecords) {
  Program program = hostileProgram();
  Engine engine(program);
  Counting records(engine);
  engine.push(track("u", "Note", kStart));
  const struct {
    const char* x;
    const char* cause;
  } cases[] = {{"9223372036854775807", "overflow"}, {"-9223372036854775808", "overflow"}, {"0", "division by zero"}};
  uint64_t errors = 0;
  for (const auto& c : cases) {
    EXPECT_EQ(engine.push(track("u", "Tick", kStart + 1, std::string(R"({"x":)") + c.x + "}")).status, PushStatus::Processed);
    EXPECT_EQ(records.count(RecordKind::Error), ++errors) << c.x;
    EXPECT_NE(records.lastError.find("arithmetic"), std::string::npos) << records.lastError;
    EXPECT_NE(records.lastError.find(c.cause), std::string::npos) << records.lastError;
  }
  // A trait at the edge makes `user.seats + 1` overflow.
  engine.push(R"({"type":"identify","userId":"u","timestamp":)" + std::to_string(kStart + 2) +
              R"(,"traits":{"seats":9223372036854775807}})");
  engine.push(track("u", "Tick", kStart + 3, R"({"x":5})"));
  EXPECT_EQ(records.count(RecordKind::Error), errors + 1);
  // The run goes on: a good event still fires.
  const uint64_t emits = records.count(RecordKind::Emit);
  engine.push(track("v", "Note", kStart + 4));
  EXPECT_EQ(records.count(RecordKind::Emit), emits + 1);
}

// Pushes `n` events of `event` for one user, `stepMs` apart, and returns the growth of the
// resident size between the first tenth of them and the end.
uint64_t growthOverOneUser(Engine& engine, const char* event, uint64_t n, int64_t stepMs) {
  uint64_t base = 0;
  const std::string head = R"({"type":"track","userId":"heavy","event":")" + std::string(event) + R"(","timestamp":)";
  std::string line;
  for (uint64_t i = 0; i < n; ++i) {
    if (i == n / 10) base = residentBytes();
    line = head;
    line += std::to_string(kStart + static_cast<int64_t>(i) * stepMs);
    line += '}';
    EXPECT_EQ(engine.push(line).status, PushStatus::Processed);
  }
  const uint64_t end = residentBytes();
  return end > base ? end - base : 0;
}

TEST(HostileRuntime, MillionEventsOfOneUserInOneWindowKeepRingStateFlat) {
  Program program = hostileProgram();
  Engine engine(program);
  Counting records(engine);
  const uint64_t n = scaled(1'000'000);
  engine.push(track("heavy", "Note", kStart));
  // 50 ms apart: all within one day, so `count(burst within 1d) >= 3` sees all of them;
  // its state is a ring of 3 times, whatever the count.
  const uint64_t growth = growthOverOneUser(engine, "Burst", n, 50);
  EXPECT_EQ(records.count(RecordKind::Handoff), 1u);  // limit 1 per 1d
  if (!kSanitized) {
    EXPECT_LT(growth, uint64_t{4} << 20) << "resident size grew by " << growth << " bytes";
  }
}

TEST(HostileRuntime, MillionEventsOfOneUserKeepLogStateBoundedByTheWindow) {
  Program program = hostileProgram();
  const uint64_t n = scaled(1'000'000);
  {
    // In one window, a log of times (a count used in arithmetic) holds every event of
    // the window: 8 bytes each, at most twice that while it grows.
    Engine engine(program);
    engine.push(track("heavy", "Note", kStart));
    const uint64_t growth = growthOverOneUser(engine, "Spread", n, 50);
    if (!kSanitized) {
      EXPECT_LT(growth, n * 24) << "resident size grew by " << growth << " bytes";
    }
  }
  {
    // Over 10 windows, the log drops what left the window: flat after the first one.
    Engine engine(program);
    engine.push(track("heavy", "Note", kStart));
    const uint64_t growth = growthOverOneUser(engine, "Spread", n, static_cast<int64_t>(10 * kDay / n));
    if (!kSanitized) {
      EXPECT_LT(growth, n * 8 / 5) << "resident size grew by " << growth << " bytes";
    }
  }
}

TEST(HostileRuntime, MillionUsers) {
  Program program = hostileProgram();
  Engine engine(program);
  Counting records(engine);
  const uint64_t users = scaled(1'000'000);
  const uint64_t before = residentBytes();
  std::string line;
  for (uint64_t i = 0; i < users; ++i) {
    line = R"({"type":"track","userId":"user-)" + std::to_string(i) + R"(","event":"Note","timestamp":)" +
           std::to_string(kStart + static_cast<int64_t>(i)) + R"(,"messageId":"m)" + std::to_string(i) + R"("})";
    ASSERT_EQ(engine.push(line).status, PushStatus::Processed);
  }
  engine.finish();
  EXPECT_EQ(records.count(RecordKind::Enter), users);
  EXPECT_EQ(records.count(RecordKind::Emit), users);
  const uint64_t perUser = (residentBytes() - before) / users;
  // The user table, ids, state blocks and dedup entries: a few hundred bytes per user.
  if (!kSanitized) {
    EXPECT_LT(perUser, 600u) << perUser << " bytes per user";
  }
  std::printf("[ memory ] %llu users: %llu bytes per user\n", static_cast<unsigned long long>(users),
              static_cast<unsigned long long>(perUser));
}

}  // namespace
}  // namespace onb::hostile
