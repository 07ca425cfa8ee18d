// onb::Engine gives exactly what `onb run` gives: the same record lines, rejects and
// counts, on the example and on every public conformance case; records by pull and by
// handler; the parsed Record fields.
#include <gtest/gtest.h>

#include <filesystem>

#include "api_test_support.hpp"
#include "stdlib/civil_time.hpp"

namespace onb::apitest {
namespace {

struct CaseArgs {
  EngineOptions options;
  std::optional<int64_t> until;
};

// The `args` file of a conformance case: --until, --lateness, --dedup-window.
CaseArgs parseArgs(const std::string& text) {
  CaseArgs args;
  std::istringstream in(text);
  std::string flag, value;
  while (in >> flag >> value) {
    if (flag == "--until") {
      int64_t t = 0;
      EXPECT_EQ(civil::parseIso(value, t), civil::IsoError::None) << value;
      args.until = t;
    } else if (flag == "--lateness" || flag == "--dedup-window") {
      std::optional<int64_t> ms = civil::parseDurationArg(value);
      EXPECT_TRUE(ms.has_value()) << value;
      (flag == "--lateness" ? args.options.latenessMs : args.options.dedupWindowMs) = ms.value_or(0);
    } else {
      ADD_FAILURE() << "unknown flag in args: " << flag;
    }
  }
  return args;
}

void expectSameRun(const RunOutput& reference, const RunOutput& api) {
  EXPECT_EQ(api.records, reference.records);
  EXPECT_EQ(api.rejects, reference.rejects);
  expectSameStats(api.stats, reference.stats);
  EXPECT_EQ(api.metrics, reference.metrics);
}

TEST(Engine, SameAsOnbRunOnTheExample) {
  const std::string events = (std::filesystem::temp_directory_path() / "onb_api_example.jsonl").string();
  writeFile(events, kExampleEvents);
  Result<Program> program = Program::compileFile(kExampleProgram);
  ASSERT_TRUE(program.ok()) << program.error().rendered;
  for (bool explain : {false, true}) {
    EngineOptions options;
    options.explain = explain;
    options.metrics = true;
    const int64_t until = 1735900000000;  // 2025-01-03T10:26:40Z
    const RunOutput reference = referenceRun(kExampleProgram, events, options, until);
    const RunOutput api = apiRun(program.value(), splitLines(kExampleEvents), options, until);
    EXPECT_NE(reference.records.find("\"kind\":\"handoff\""), std::string::npos) << reference.records;
    EXPECT_GE(reference.rejects.size(), 4u);
    expectSameRun(reference, api);
  }
  std::filesystem::remove(events);
}

TEST(Engine, SameAsOnbRunOnEveryConformanceCase) {
  if (!std::filesystem::is_directory(kConformanceDir)) GTEST_SKIP() << "no " << kConformanceDir;
  int cases = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kConformanceDir)) {
    const std::string dir = entry.path().string();
    if (!std::filesystem::exists(dir + "/events.jsonl") || !std::filesystem::exists(dir + "/program.onb")) continue;
    SCOPED_TRACE(dir);
    const CaseArgs args = parseArgs(readFile(dir + "/args"));
    Result<Program> program = Program::compileFile(dir + "/program.onb");
    ASSERT_TRUE(program.ok()) << program.error().rendered;
    const RunOutput reference = referenceRun(dir + "/program.onb", dir + "/events.jsonl", args.options, args.until);
    const std::vector<std::string> lines = splitLines(readFile(dir + "/events.jsonl"));
    expectSameRun(reference, apiRun(program.value(), lines, args.options, args.until));
    // And through an artifact.
    Result<Program> loaded = Program::loadArtifact(program.value().artifact());
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
    expectSameRun(reference, apiRun(loaded.value(), lines, args.options, args.until));
    ++cases;
  }
  EXPECT_GT(cases, 10);
}

TEST(Engine, HandlerAndTakeRecordsSeeTheSameRecords) {
  Result<Program> program = Program::compileFile(kExampleProgram);
  ASSERT_TRUE(program.ok());
  const std::vector<std::string> lines = splitLines(kExampleEvents);

  Engine pulled(program.value());
  std::vector<Record> taken;
  for (const std::string& line : lines) {
    pulled.push(line);
    for (Record& r : pulled.takeRecords()) taken.push_back(std::move(r));
  }
  pulled.finish();
  for (Record& r : pulled.takeRecords()) taken.push_back(std::move(r));
  EXPECT_TRUE(pulled.takeRecords().empty());  // drained

  Engine streamed(program.value());
  std::vector<std::string> seen;
  streamed.setRecordHandler([&](const Record& r) { seen.push_back(r.json); });
  for (const std::string& line : lines) streamed.push(line);
  streamed.finish();
  EXPECT_TRUE(streamed.takeRecords().empty());  // nothing buffered while a handler is set

  ASSERT_EQ(seen.size(), taken.size());
  for (size_t i = 0; i < seen.size(); ++i) EXPECT_EQ(seen[i], taken[i].json);

  // Clearing the handler goes back to buffering.
  streamed.setRecordHandler(nullptr);
  streamed.push(R"({"type":"track","userId":"u9","event":"Signed Up","timestamp":"2025-01-05T00:00:00Z"})");
  EXPECT_FALSE(streamed.takeRecords().empty());
}

TEST(Engine, RecordFieldsMatchTheJson) {
  Result<Program> program = Program::compileFile(kExampleProgram);
  ASSERT_TRUE(program.ok());
  Engine engine(program.value());
  for (const std::string& line : splitLines(kExampleEvents)) engine.push(line);
  engine.finish(1735900000000);
  const std::vector<Record> records = engine.takeRecords();
  int send = 0, handoff = 0, goal = 0, suppressed = 0, exits = 0;
  for (const Record& r : records) {
    SCOPED_TRACE(r.json);
    EXPECT_EQ(r.json.find('\n'), std::string::npos);
    EXPECT_NE(r.json.find(std::string("\"kind\":\"") + recordKindName(r.kind) + "\""), std::string::npos);
    EXPECT_NE(r.json.find("\"user\":\"" + r.user + "\""), std::string::npos);
    EXPECT_EQ(r.journey, "activation");
    if (!r.rule.empty()) {
      EXPECT_NE(r.json.find("\"rule\":\"" + r.rule + "\""), std::string::npos);
    }
    char id[17];
    std::snprintf(id, sizeof id, "%016llx", static_cast<unsigned long long>(r.id));
    switch (r.kind) {
      case RecordKind::Send:
        ++send;
        EXPECT_NE(r.json.find("\"channel\":\"" + r.channel + "\""), std::string::npos);
        EXPECT_NE(r.json.find("\"template\":\"" + r.templateName + "\""), std::string::npos);
        EXPECT_NE(r.json.find(std::string("\"id\":\"") + id + "\""), std::string::npos);
        break;
      case RecordKind::Handoff:
        ++handoff;
        EXPECT_EQ(r.queue, "sales");
        EXPECT_EQ(r.rule, "pro_project");
        EXPECT_NE(r.json.find(std::string("\"id\":\"") + id + "\""), std::string::npos);
        break;
      case RecordKind::Goal:
        ++goal;
        EXPECT_EQ(r.user, "u1");
        EXPECT_EQ(r.ttvMs, 3 * 3'600'000);
        EXPECT_EQ(r.t, 1735732800000);  // 2025-01-01T12:00:00Z
        break;
      case RecordKind::Suppressed:
        ++suppressed;
        EXPECT_EQ(r.reason, "consent");
        EXPECT_EQ(r.action, "send");
        break;
      case RecordKind::Exit:
        ++exits;
        EXPECT_EQ(r.reason, "goal");
        break;
      case RecordKind::Enter: EXPECT_FALSE(r.holdout); break;
      case RecordKind::Emit:
      case RecordKind::Deferred:
      case RecordKind::Error:
      case RecordKind::Skip: break;
    }
  }
  EXPECT_GE(send, 3);  // welcome for u1, the nudges
  EXPECT_EQ(handoff, 1);
  EXPECT_EQ(goal, 1);
  EXPECT_GE(suppressed, 1);
  EXPECT_EQ(exits, 1);
}

TEST(Engine, MetricsOnlyWhenAskedFor) {
  Result<Program> program = Program::compileFile(kExampleProgram);
  ASSERT_TRUE(program.ok());
  Engine plain(program.value());
  plain.push(R"({"type":"track","userId":"u1","event":"Signed Up","timestamp":"2025-01-01T09:00:00Z"})");
  EXPECT_EQ(plain.metricsJson(), "");
  EngineOptions options;
  options.metrics = true;
  Engine measured(program.value(), options);
  measured.push(R"({"type":"track","userId":"u1","event":"Signed Up","timestamp":"2025-01-01T09:00:00Z"})");
  EXPECT_NE(measured.metricsJson().find("activation"), std::string::npos) << measured.metricsJson();
}

TEST(Engine, MovedEngineKeepsRunning) {
  Result<Program> program = Program::compileFile(kExampleProgram);
  ASSERT_TRUE(program.ok());
  Engine a(program.value());
  a.push(R"({"type":"track","userId":"u2","event":"Signed Up","timestamp":"2025-01-01T09:00:00Z"})");
  Engine b(std::move(a));
  b.advanceTo(1735808400000);  // 2025-01-02T09:00:00Z: the nudge is due
  const std::vector<Record> records = b.takeRecords();
  ASSERT_FALSE(records.empty());
  EXPECT_EQ(records.back().rule, "first_project_nudge");
  EXPECT_EQ(records.back().t, 1735808400000);
  EXPECT_EQ(b.stats().pendingTimers, 0u);
}

}  // namespace
}  // namespace onb::apitest
