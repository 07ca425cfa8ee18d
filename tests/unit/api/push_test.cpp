// push(): every kind of line comes back as a value (status, line number, reason), and a
// typed Event gives exactly what its JSON line gives.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "api_test_support.hpp"

namespace onb::apitest {
namespace {

constexpr int64_t kT = 1735722000000;  // 2025-01-01T09:00:00Z

class Push : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<Program> r = Program::compileFile(kExampleProgram);
    ASSERT_TRUE(r.ok()) << r.error().rendered;
    program_.emplace(r.value());
  }
  const Program& program() const { return *program_; }

 private:
  std::optional<Program> program_;
};

TEST_F(Push, EveryLineClassIsAValueWithItsLineNumber) {
  Engine engine(program());
  std::vector<Reject> rejects;
  engine.setRejectHandler([&](const Reject& r) { rejects.push_back(r); });
  const std::vector<std::string> lines = splitLines(kExampleEvents);
  std::vector<PushResult> results;
  for (const std::string& line : lines) results.push_back(engine.push(line));
  ASSERT_EQ(results.size(), 14u);
  const PushStatus expected[] = {PushStatus::Processed, PushStatus::Processed, PushStatus::Processed,
                                 PushStatus::Blank,     PushStatus::Duplicate, PushStatus::Ignored,
                                 PushStatus::Ignored,   PushStatus::Invalid,   PushStatus::Processed,
                                 PushStatus::Malformed, PushStatus::Processed, PushStatus::Late,
                                 PushStatus::Processed, PushStatus::Processed};
  for (size_t i = 0; i < results.size(); ++i) {
    SCOPED_TRACE(lines[i]);
    EXPECT_EQ(results[i].status, expected[i]) << pushStatusName(results[i].status) << ": " << results[i].reason;
    EXPECT_EQ(results[i].line, i + 1);
  }
  EXPECT_TRUE(results[0].accepted());
  EXPECT_FALSE(results[4].accepted());
  EXPECT_TRUE(results[0].reason.empty());
  EXPECT_FALSE(results[5].reason.empty());   // a page call
  EXPECT_FALSE(results[6].reason.empty());   // an undeclared event
  EXPECT_NE(results[7].reason.find("template"), std::string::npos) << results[7].reason;
  EXPECT_FALSE(results[9].reason.empty());
  EXPECT_FALSE(results[11].reason.empty());  // late
  // A processed identify reports the trait it skipped (plan: not a member).
  ASSERT_EQ(results[8].traitErrors.size(), 1u);
  EXPECT_NE(results[8].traitErrors[0].find("plan"), std::string::npos) << results[8].traitErrors[0];

  // The reject handler saw invalid, trait, malformed and late, with the same line numbers.
  ASSERT_EQ(rejects.size(), 4u);
  EXPECT_EQ(rejects[0].line, 8u);
  EXPECT_EQ(rejects[0].kind, RejectKind::Invalid);
  EXPECT_EQ(rejects[1].line, 9u);
  EXPECT_EQ(rejects[1].kind, RejectKind::Trait);
  EXPECT_EQ(rejects[2].line, 10u);
  EXPECT_EQ(rejects[2].kind, RejectKind::Malformed);
  EXPECT_EQ(rejects[2].reason, results[9].reason);
  EXPECT_EQ(rejects[3].line, 12u);
  EXPECT_EQ(rejects[3].kind, RejectKind::Late);
  EXPECT_STREQ(rejectKindName(rejects[3].kind), "late");

  const Stats s = engine.stats();
  EXPECT_EQ(s.read, 13u);  // the blank line is not counted
  EXPECT_EQ(s.duplicates, 1u);
  EXPECT_EQ(s.ignored, 2u);
  EXPECT_EQ(s.invalid, 1u);
  EXPECT_EQ(s.malformed, 1u);
  EXPECT_EQ(s.late, 1u);
  EXPECT_EQ(s.traitErrors, 1u);
}

TEST_F(Push, HostileInputNeverThrows) {
  Engine engine(program());
  const std::string lines[] = {"",           "   ",           "{",          "[]",  std::string(5000, '['),
                               "\"x\"",      std::string("{\0}", 3),        "{\"type\":\"track\"}",
                               "\xff\xfe",   "{\"type\":\"identify\",\"userId\":\"u\",\"timestamp\":1,\"traits\":3}"};
  for (const std::string& line : lines) {
    PushResult r;
    EXPECT_NO_THROW(r = engine.push(line));
    EXPECT_FALSE(r.status == PushStatus::Processed) << line.substr(0, 40);
  }
  EXPECT_NO_THROW(engine.advanceTo(INT64_MAX));
  EXPECT_NO_THROW(engine.finish());
}

TEST_F(Push, AllowedLatenessHoldsEvents) {
  EngineOptions options;
  options.latenessMs = 3'600'000;
  Engine engine(program(), options);
  const Event signup = Event::track("u1", "Signed Up", kT);
  EXPECT_EQ(engine.push(signup).status, PushStatus::Held);
  EXPECT_TRUE(engine.takeRecords().empty());  // still held
  EXPECT_EQ(engine.push(Event::track("u2", "Signed Up", kT - 1800'000)).status, PushStatus::Held);
  EXPECT_EQ(engine.push(Event::track("u3", "Signed Up", kT - 2 * 3'600'000)).status, PushStatus::Late);
  engine.advanceTo(kT);
  const std::vector<Record> records = engine.takeRecords();
  ASSERT_GE(records.size(), 2u);
  EXPECT_EQ(records[0].user, "u2");  // released in event-time order
  EXPECT_EQ(engine.stats().late, 1u);
}

// After advanceTo(t) the timers due by t have fired: an event before t comes too late to
// be processed before them, so it is late, as it would be behind the watermark.
TEST_F(Push, AdvanceToMakesEarlierEventsLate) {
  Engine engine(program());
  EXPECT_EQ(engine.push(Event::track("u1", "Signed Up", kT)).status, PushStatus::Processed);
  engine.advanceTo(kT + 2 * 3'600'000);
  EXPECT_EQ(engine.push(Event::track("u2", "Signed Up", kT + 3'600'000)).status, PushStatus::Late);
  EXPECT_EQ(engine.push(Event::track("u3", "Signed Up", kT + 2 * 3'600'000)).status, PushStatus::Processed);
  EXPECT_EQ(engine.stats().late, 1u);
}

// ---- Typed events --------------------------------------------------------------------------

TEST(TypedEvent, JsonLine) {
  Event e = Event::track("u\"1", "Signed Up", kT, {{"source", "a\nb"}, {"n", 3}, {"f", 3.0}, {"b", true}, {"x", nullptr}});
  e.messageId = "m-1";
  EXPECT_EQ(toJsonLine(e),
            R"({"type":"track","userId":"u\"1","event":"Signed Up","timestamp":1735722000000,"messageId":"m-1",)"
            R"("properties":{"source":"a\nb","n":3,"f":3.0,"b":true,"x":null}})");
  Event id = Event::identify("", kT, {{"plan", "pro"}, {"first_name", FieldValue()}});
  id.anonymousId = "anon";
  EXPECT_EQ(toJsonLine(id),
            R"({"type":"identify","anonymousId":"anon","timestamp":1735722000000,"traits":{"plan":"pro","first_name":null}})");
  EXPECT_EQ(toJsonLine(Event::track("u", "E", -5, {{"d", 0.1}, {"z", -0.0}, {"big", 1e300}, {"c", std::string(1, '\x01')}})),
            R"({"type":"track","userId":"u","event":"E","timestamp":-5,"properties":{"d":0.1,"z":-0.0,"big":1e+300,"c":"\u0001"}})");
  EXPECT_EQ(toJsonLine(Event::track("u", "E", 0, {{"i", std::numeric_limits<double>::infinity()},
                                                  {"j", -std::numeric_limits<double>::infinity()},
                                                  {"k", std::nan("")}})),
            R"({"type":"track","userId":"u","event":"E","timestamp":0,"properties":{"i":1e400,"j":-1e400,"k":1e400}})");
}

TEST(TypedEvent, FieldValueKinds) {
  EXPECT_EQ(FieldValue().kind(), FieldValue::Kind::Null);
  EXPECT_EQ(FieldValue(nullptr).kind(), FieldValue::Kind::Null);
  EXPECT_EQ(FieldValue(false).kind(), FieldValue::Kind::Bool);
  EXPECT_EQ(FieldValue(7).asInt(), 7);
  EXPECT_EQ(FieldValue(int64_t{-7}).asInt(), -7);
  EXPECT_EQ(FieldValue(uint32_t{7}).kind(), FieldValue::Kind::Int);
  EXPECT_EQ(FieldValue(short{2}).kind(), FieldValue::Kind::Int);
  EXPECT_EQ(FieldValue(2.5f).kind(), FieldValue::Kind::Double);
  EXPECT_EQ(FieldValue("s").asString(), "s");
  EXPECT_EQ(FieldValue(std::string_view("s")).kind(), FieldValue::Kind::String);
  EXPECT_EQ(FieldValue(std::string("s")), FieldValue("s"));
  EXPECT_NE(FieldValue(1), FieldValue(1.0));
}

// Each typed event and its hand-written JSON line: same status, reason and records.
TEST_F(Push, TypedEventEqualsItsJsonLine) {
  Event withId = Event::track("u1", "Project Created", kT + 3'600'000, {{"template", "kanban"}});
  withId.messageId = "p1";
  Event anonymous = Event::track("", "Signed Up", kT + 60'000);
  anonymous.anonymousId = "a1";
  const std::vector<std::pair<Event, std::string>> pairs = {
      {Event::identify("u1", kT - 1, {{"first_name", "Ann"}, {"plan", "pro"}, {"email_consent", true}}),
       R"({"type":"identify","userId":"u1","timestamp":"2025-01-01T08:59:59.999Z","traits":{"first_name":"Ann","plan":"pro","email_consent":true}})"},
      {Event::track("u1", "Signed Up", kT, {{"source", "ads"}, {"extra", 1.5}}),
       R"({"type":"track","userId":"u1","event":"Signed Up","timestamp":"2025-01-01T09:00:00Z","properties":{"source":"ads","extra":1.5}})"},
      {anonymous, R"({"type":"track","anonymousId":"a1","event":"Signed Up","timestamp":"2025-01-01T09:01:00Z"})"},
      {Event::track("u2", "Signed Up", kT + 120'000, {{"source", nullptr}}),
       R"({"type":"track","userId":"u2","event":"Signed Up","timestamp":1735722120000,"properties":{"source":null}})"},
      {withId, R"({"type":"track","userId":"u1","event":"Project Created","timestamp":"2025-01-01T10:00:00Z","messageId":"p1","properties":{"template":"kanban"}})"},
      {withId, R"({"messageId":"p1","type":"track","userId":"u1","event":"Project Created","timestamp":"2025-01-01T10:00:00Z","properties":{"template":"kanban"}})"},
      // Wrong types, undeclared events, no user, a bad timestamp: the same rejections.
      {Event::track("u3", "Signed Up", kT + 3'600'000, {{"source", 3}}),
       R"({"type":"track","userId":"u3","event":"Signed Up","timestamp":1735725600000,"properties":{"source":3}})"},
      {Event::track("u3", "Signed Up", kT + 3'600'000, {{"source", std::nan("")}}),
       R"({"type":"track","userId":"u3","event":"Signed Up","timestamp":1735725600000,"properties":{"source":1e400}})"},
      {Event::track("u3", "Nope", kT + 3'600'000), R"({"type":"track","userId":"u3","event":"Nope","timestamp":1735725600000})"},
      {Event::track("", "Signed Up", kT + 3'600'000), R"({"type":"track","event":"Signed Up","timestamp":1735725600000})"},
      {Event::track("u3", "Signed Up", INT64_MAX), R"({"type":"track","userId":"u3","event":"Signed Up","timestamp":9223372036854775807})"},
      {Event::identify("u3", kT + 3'600'000, {{"plan", "gold"}, {"email_consent", 1}}),
       R"({"type":"identify","userId":"u3","timestamp":1735725600000,"traits":{"plan":"gold","email_consent":1}})"},
      {Event::track("u1", "Signed Up", kT), R"({"type":"track","userId":"u1","event":"Signed Up","timestamp":1735722000000})"},
  };
  Engine typed(program());
  Engine json(program());
  for (const auto& [event, line] : pairs) {
    SCOPED_TRACE(line);
    const PushResult a = typed.push(event);
    const PushResult b = json.push(line);
    EXPECT_EQ(a.status, b.status) << pushStatusName(a.status) << " vs " << pushStatusName(b.status);
    EXPECT_EQ(a.line, b.line);
    EXPECT_EQ(a.reason, b.reason);
    EXPECT_EQ(a.traitErrors, b.traitErrors);
    std::vector<Record> ra = typed.takeRecords();
    std::vector<Record> rb = json.takeRecords();
    ASSERT_EQ(ra.size(), rb.size());
    for (size_t i = 0; i < ra.size(); ++i) EXPECT_EQ(ra[i].json, rb[i].json);
  }
  typed.finish(kT + 2 * 86'400'000);
  json.finish(kT + 2 * 86'400'000);
  std::vector<Record> ra = typed.takeRecords();
  std::vector<Record> rb = json.takeRecords();
  ASSERT_EQ(ra.size(), rb.size());
  EXPECT_FALSE(ra.empty());
  for (size_t i = 0; i < ra.size(); ++i) EXPECT_EQ(ra[i].json, rb[i].json);
  EXPECT_EQ(typed.stats().records, json.stats().records);
  EXPECT_EQ(typed.stats().processed, json.stats().processed);
}

}  // namespace
}  // namespace onb::apitest
