// Hostile input lines through the embedding API (what `onb run` does with each line):
// each class gets its documented status and reason, and the run goes on (the next good
// line is processed as if nothing happened).
#include <string>

#include "hostile_support.hpp"

namespace onb::hostile {
namespace {

struct Fixture {
  Program program = hostileProgram();
  Engine engine{program};

  // Pushes `line`, then a good line, which must still be processed.
  PushResult pushThenGood(const std::string& line) {
    PushResult r = engine.push(line);
    const PushResult good = engine.push(track("good", "Note", kStart + 365 * kDay));
    EXPECT_EQ(good.status, PushStatus::Processed) << "after: " << line.substr(0, 200);
    return r;
  }
};

void expectRejected(Fixture& f, const std::string& line, PushStatus status, const std::string& reasonPart) {
  const PushResult r = f.pushThenGood(line);
  EXPECT_EQ(r.status, status) << line.substr(0, 300) << "\nreason: " << r.reason;
  EXPECT_NE(r.reason.find(reasonPart), std::string::npos) << line.substr(0, 300) << "\nreason: " << r.reason;
}

TEST(HostileLines, MalformedJson) {
  Fixture f;
  for (const char* line : {R"({"type":"track")", R"([1,2])", R"("x")", R"({"type":"track",})", R"({"a":tru})",
                           R"({} {})", "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"Note\",\"timestamp\":0}garbage"})
    expectRejected(f, line, PushStatus::Malformed, "");
  EXPECT_EQ(f.engine.stats().malformed, 7u);
}

TEST(HostileLines, WrongTypesAreInvalidWithTheFieldNamed) {
  Fixture f;
  expectRejected(f, track("u", "Tick", kStart, R"({"x":"5"})"), PushStatus::Invalid, "x");
  expectRejected(f, track("u", "Tick", kStart, R"({"x":5.0})"), PushStatus::Invalid, "x");
  expectRejected(f, track("u", "Note", kStart, R"({"s":7})"), PushStatus::Invalid, "s");
  expectRejected(f, track("u", "Note", kStart, R"("not an object")"), PushStatus::Invalid, "properties");
  // An identify with a trait of the wrong type: processed, the trait skipped and reported
  // (at the watermark: the good lines above moved it to kStart + 365d, and anything older
  // would be late, LANGUAGE.md section 6).
  const PushResult r = f.engine.push(R"({"type":"identify","userId":"u","timestamp":)" +
                                     std::to_string(kStart + 365 * kDay) +
                                     R"(,"traits":{"seats":"many","plan":"pro"}})");
  EXPECT_EQ(r.status, PushStatus::Processed);
  ASSERT_EQ(r.traitErrors.size(), 1u);
  EXPECT_NE(r.traitErrors[0].find("seats"), std::string::npos);
  EXPECT_EQ(f.engine.stats().invalid, 4u);
}

TEST(HostileLines, MissingFields) {
  Fixture f;
  expectRejected(f, track("u", "Tick", kStart, "{}"), PushStatus::Invalid, "x");
  expectRejected(f, track("u", "Tick", kStart, R"({"x":null})"), PushStatus::Invalid, "x");
  expectRejected(f, R"({"type":"track","event":"Note","timestamp":0})", PushStatus::Malformed, "user");
  expectRejected(f, R"({"type":"track","userId":"u","timestamp":0})", PushStatus::Malformed, "event");
  expectRejected(f, R"({"userId":"u","event":"Note","timestamp":0})", PushStatus::Malformed, "type");
  expectRejected(f, R"({"type":"track","userId":"u","event":"Note"})", PushStatus::Malformed, "timestamp");
}

TEST(HostileLines, InvalidUtf8) {
  Fixture f;
  for (const std::string& bad : {std::string("\xff"), std::string("\xc0\x80"), std::string("\xed\xa0\x80"),
                                std::string("\xf4\x90\x80\x80"), std::string("\xe2\x82")}) {
    expectRejected(f, track("u" + bad, "Note", kStart), PushStatus::Malformed, "UTF-8");
    expectRejected(f, track("u", "Note", kStart, R"({"s":")" + bad + R"("})"), PushStatus::Malformed, "UTF-8");
  }
  // An unpaired surrogate escape is malformed too (LANGUAGE.md section 7).
  expectRejected(f, track("u", "Note", kStart, R"({"s":"\ud800"})"), PushStatus::Malformed, "");
}

TEST(HostileLines, TimestampsOutOfRangeAndBefore1970) {
  Fixture f;
  for (const std::string t : {"\"0000-12-31T23:59:59Z\"", "\"10000-01-01T00:00:00Z\"", "-62135596800001",
                              "253402300800000", "9223372036854775807", "-9223372036854775808", "1e3", "\"2025-02-30T00:00Z\""})
    expectRejected(f, R"({"type":"track","userId":"u","event":"Note","timestamp":)" + t + "}", PushStatus::Malformed,
                   "timestamp");
  // Before 1970 is a valid time (negative epoch milliseconds), processed in order.
  Fixture g;
  EXPECT_EQ(g.engine.push(track("old", "Note", -62135596800000)).status, PushStatus::Processed);  // 0001-01-01
  EXPECT_EQ(g.engine.push(R"({"type":"track","userId":"old","event":"Note","timestamp":"1969-12-31T23:59:59.999Z"})").status,
            PushStatus::Processed);
  const std::vector<Record> records = g.engine.takeRecords();
  ASSERT_GE(records.size(), 2u);
  EXPECT_EQ(records[0].t, -62135596800000);
  EXPECT_NE(records[0].json.find("\"t\":\"0001-01-01T00:00:00.000Z\""), std::string::npos) << records[0].json;
  EXPECT_EQ(records.back().t, -1);
}

TEST(HostileLines, DuplicateAndLateEvents) {
  Program program = hostileProgram();
  Engine plain(program);
  EXPECT_EQ(plain.push(track("u", "Note", kStart, "", "m1")).status, PushStatus::Processed);
  EXPECT_EQ(plain.push(track("u", "Note", kStart + kHour, "", "m1")).status, PushStatus::Duplicate);
  EXPECT_EQ(plain.push(track("u", "Note", kStart + 2 * kDay, "", "m1")).status, PushStatus::Processed);  // window passed
  EXPECT_EQ(plain.push(track("u", "Note", kStart)).status, PushStatus::Late);
  EXPECT_EQ(plain.stats().duplicates, 1u);
  EXPECT_EQ(plain.stats().late, 1u);
  // With allowed lateness, an event inside it is held and processed in order; one before
  // the watermark is late; nothing is lost: every line is counted somewhere.
  EngineOptions options;
  options.latenessMs = kHour;
  Engine held(program, options);
  EXPECT_EQ(held.push(track("u", "Note", kStart + 2 * kHour)).status, PushStatus::Held);
  EXPECT_EQ(held.push(track("u", "Note", kStart + kHour + 1)).status, PushStatus::Held);
  EXPECT_EQ(held.push(track("u", "Note", kStart)).status, PushStatus::Late);
  held.finish();
  const Stats s = held.stats();
  EXPECT_EQ(s.read, 3u);
  EXPECT_EQ(s.processed + s.late, 3u);
}

TEST(HostileLines, DeepNesting) {
  Fixture f;
  const size_t depth = 1'000'000;
  std::string line = R"({"type":"track","userId":"u","event":"Note","timestamp":0,"context":)";
  line.append(depth, '[');
  line.append(depth, ']');
  line += "}";
  expectRejected(f, line, PushStatus::Malformed, "nested deeper than 1024");
  std::string objects = R"({"type":"track","userId":"u","event":"Note","timestamp":0,"properties":)";
  for (size_t i = 0; i < depth; ++i) objects += R"({"s":)";
  objects += "1";
  objects.append(depth, '}');
  objects += "}";
  expectRejected(f, objects, PushStatus::Malformed, "nested deeper than 1024");
}

TEST(HostileLines, HugeStringValue) {
  Fixture f;
  const size_t size = size_t{50} << 20;  // 50 MB: under the default 64 MiB line limit
  std::string value(size, 'a');
  f.engine.push(track("u", "Note", kStart, R"({"s":")" + value + R"(","n":1})"));
  const std::vector<Record> records = f.engine.takeRecords();
  ASSERT_EQ(records.size(), 2u);  // enter, echo
  EXPECT_NE(records[1].json.find("\"len\":" + std::to_string(size)), std::string::npos);
}

TEST(HostileLines, LinesOverTheLimitAreMalformed) {
  Program program = hostileProgram();
  EngineOptions options;
  options.maxLineBytes = 1 << 20;
  Engine engine(program, options);
  const std::string big = track("u", "Note", kStart, R"({"s":")" + std::string(2 << 20, 'a') + R"("})");
  const PushResult r = engine.push(big);
  EXPECT_EQ(r.status, PushStatus::Malformed);
  EXPECT_NE(r.reason.find("line too long"), std::string::npos) << r.reason;
  EXPECT_EQ(engine.push(track("u", "Note", kStart)).status, PushStatus::Processed);
  // The default limit is 64 MiB.
  EXPECT_EQ(EngineOptions().maxLineBytes, size_t{64} << 20);
}

TEST(HostileLines, HugePropertyMap) {
  Fixture f;
  const size_t keys = 1'000'000;
  std::string props = "{";
  for (size_t i = 0; i < keys; ++i) props += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
  props += R"("s":"found","n":7})";
  const PushResult r = f.engine.push(track("u", "Note", kStart, props));
  EXPECT_EQ(r.status, PushStatus::Processed) << r.reason;
  const std::vector<Record> records = f.engine.takeRecords();
  ASSERT_EQ(records.size(), 2u);
  EXPECT_NE(records[1].json.find(R"("len":5,"n":7)"), std::string::npos) << records[1].json;
  // Repeated keys: the first occurrence counts, however many follow.
  std::string repeated = R"({"s":"first")";
  for (size_t i = 0; i < keys; ++i) repeated += R"(,"s":"again")";
  EXPECT_EQ(f.engine.push(track("u", "Note", kStart, repeated + "}")).status, PushStatus::Processed);
}

}  // namespace
}  // namespace onb::hostile
