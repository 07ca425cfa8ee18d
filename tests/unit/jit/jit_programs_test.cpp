// The JIT on whole programs: every function of every conformance program, example and
// benchmark program compiles, and an engine running on the JIT writes exactly the records
// of an engine running on the VM over the same events (the public conformance cases and
// the cases of tests/spec, each with and without skip records).
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "runtime/jit/jit_runner.hpp"
#include "tests/unit/runtime/runtime_test_support.hpp"

namespace onb {
namespace {

namespace fs = std::filesystem;

const fs::path kShared = fs::path(ONB_SOURCE_DIR) / ".." / "shared";

std::string readFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The records of `program` over `events`, on the VM or on the JIT.
std::string records(const bc::Program& program, const std::vector<std::string>& events, bool useJit,
                    bool explain = false) {
  engine::EngineOptions options;
  options.explain = explain;
  testing::Harness h(program, options);
  std::unique_ptr<jit::JitRunner> runner;
  if (useJit) {
    runner = std::make_unique<jit::JitRunner>(program);
    EXPECT_TRUE(runner->stats().error.empty()) << runner->stats().error;
    EXPECT_EQ(runner->stats().compiled, runner->stats().functions) << "a function fell back to the VM";
    h.engine.setFunctionRunner(runner.get());
  }
  for (size_t i = 0; i < events.size(); ++i) h.push(events[i], i + 1);
  return h.finish();
}

// Every run case of `casesDir` (program.onb + events.jsonl) on both; returns how many.
size_t compareCases(const fs::path& casesDir) {
  size_t cases = 0;
  for (const auto& entry : fs::directory_iterator(casesDir)) {
    const fs::path dir = entry.path();
    if (!fs::exists(dir / "program.onb") || !fs::exists(dir / "events.jsonl")) continue;
    auto program = testing::compileFileOrDie((dir / "program.onb").string());
    EXPECT_TRUE(program) << dir;
    if (!program) continue;
    const auto events = testing::splitLines(readFile(dir / "events.jsonl"));
    for (bool explain : {false, true})
      EXPECT_EQ(records(*program, events, true, explain), records(*program, events, false, explain))
          << dir.filename() << (explain ? " (explain)" : "");
    ++cases;
  }
  return cases;
}

TEST(JitPrograms, ConformanceCasesGiveTheVmRecords) { EXPECT_GT(compareCases(kShared / "conformance" / "cases"), 10u); }

TEST(JitPrograms, SpecCasesGiveTheVmRecords) {
  EXPECT_GT(compareCases(fs::path(ONB_SOURCE_DIR) / "tests" / "spec" / "cases"), 50u);
}

TEST(JitPrograms, EveryFunctionOfTheExamplesCompiles) {
  std::vector<fs::path> programs = {kShared / "bench" / "reference.onb", kShared / "bench" / "reference_core.onb",
                                    fs::path(ONB_SOURCE_DIR) / "examples" / "embed" / "onboarding.onb"};
  for (const auto& entry : fs::directory_iterator(fs::path(ONB_SOURCE_DIR) / "examples" / "saas"))
    if (entry.path().extension() == ".onb" && entry.path().filename() != "schema.onb") programs.push_back(entry.path());
  for (const fs::path& path : programs) {
    auto c = compileProgram(path.string());
    if (!c->program) continue;  // a file that needs others (checked elsewhere)
    jit::JitRunner runner(*c->program);
    EXPECT_TRUE(runner.stats().error.empty()) << path << ": " << runner.stats().error;
    EXPECT_EQ(runner.stats().compiled, runner.stats().functions) << path;
    EXPECT_GT(runner.stats().functions, 0u) << path;
  }
}

}  // namespace
}  // namespace onb
