// Every program codegen produces (the examples, the public conformance programs, the spec
// cases) passes the verifier and survives an artifact round trip unchanged.
#include <filesystem>

#include <gtest/gtest.h>

#include "compiler/driver/compilation.hpp"
#include "runtime/bytecode/artifact.hpp"
#include "runtime/bytecode/disassembler.hpp"
#include "runtime/bytecode/verifier.hpp"

namespace onb {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> programs() {
  std::vector<std::string> out = {ONB_SOURCE_DIR "/examples/saas/onboarding.onb",
                                  ONB_SOURCE_DIR "/../shared/bench/reference.onb",
                                  ONB_SOURCE_DIR "/../shared/bench/reference_core.onb"};
  for (const char* dir : {ONB_SOURCE_DIR "/../shared/conformance/cases", ONB_SOURCE_DIR "/tests/spec/cases"}) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec))
      if (fs::exists(entry.path() / "program.onb")) out.push_back((entry.path() / "program.onb").string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(ArtifactRoundTrip, CodegenOutputVerifiesAndRoundTrips) {
  size_t compiled = 0;
  for (const std::string& path : programs()) {
    auto c = compileProgram(path);
    if (!c->program) continue;  // a spec case may test a program that is meant to fail
    ++compiled;
    auto problem = bc::verifyProgram(*c->program);
    EXPECT_FALSE(problem) << path << ": " << *problem;
    std::string bytes = bc::writeArtifact(*c->program, "test");
    bc::LoadResult loaded = bc::loadArtifact(bytes);
    ASSERT_TRUE(loaded.ok()) << path << ": " << loaded.error().message;
    EXPECT_EQ(bc::disassemble(loaded.program()), bc::disassemble(*c->program)) << path;
    EXPECT_EQ(bc::writeArtifact(loaded.program(), "test"), bytes) << path;
  }
  EXPECT_GT(compiled, 30u);
}

}  // namespace
}  // namespace onb
