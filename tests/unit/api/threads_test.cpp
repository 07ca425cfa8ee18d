// One Program shared by engines on several threads: each gives the output it gives alone.
#include <gtest/gtest.h>

#include <thread>

#include "api_test_support.hpp"

namespace onb::apitest {
namespace {

// Many users, each through the example's lines (user ids suffixed), so the threads overlap.
std::vector<std::string> manyUsers(int copies) {
  std::vector<std::string> lines;
  const std::vector<std::string> base = splitLines(kExampleEvents);
  for (int c = 0; c < copies; ++c)
    for (std::string line : base) {
      for (size_t at = line.find("\"userId\":\"u"); at != std::string::npos; at = line.find("\"userId\":\"u", at + 1))
        line.insert(at + 10, std::to_string(c) + "-");
      lines.push_back(std::move(line));
    }
  return lines;
}

std::string run(const Program& program, const std::vector<std::string>& lines) {
  Engine engine(program);
  std::string out;
  engine.setRecordHandler([&](const Record& r) { out += r.json + "\n"; });
  for (const std::string& line : lines) engine.push(line);
  engine.finish(1736000000000);
  return out;
}

TEST(Threads, EnginesOnTwoThreadsShareOneProgram) {
  Result<Program> compiled = Program::compileFile(kExampleProgram);
  ASSERT_TRUE(compiled.ok());
  const Program program = compiled.value();
  const std::vector<std::string> lines = manyUsers(2000);
  const std::string alone = run(program, lines);
  ASSERT_GT(alone.size(), 10'000u);

  std::string outputs[2];
  std::thread a([&] { outputs[0] = run(program, lines); });
  std::thread b([&] { outputs[1] = run(Program(program), lines); });  // a copy shares it too
  a.join();
  b.join();
  EXPECT_EQ(outputs[0], alone);
  EXPECT_EQ(outputs[1], alone);
}

}  // namespace
}  // namespace onb::apitest
