// Every program of the conformance suite parses without errors, and every expression in
// them survives parse -> exprToSource -> parse.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "parse_helpers.hpp"

namespace onb::test {
namespace {

namespace fs = std::filesystem;

// Every .onb file of the accepted cases (program.onb and the files they import).
std::vector<fs::path> conformancePrograms() {
  std::vector<fs::path> files;
  const fs::path cases = fs::path(ONB_SOURCE_DIR) / ".." / "shared" / "conformance" / "cases";
  if (!fs::exists(cases)) return files;
  for (const auto& dir : fs::directory_iterator(cases)) {
    if (!dir.is_directory() || dir.path().filename() == "reject") continue;
    for (const auto& file : fs::recursive_directory_iterator(dir.path()))
      if (file.path().extension() == ".onb") files.push_back(file.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(ConformancePrograms, ParseWithoutErrorsAndRoundTrip) {
  const std::vector<fs::path> files = conformancePrograms();
  ASSERT_GE(files.size(), 30u) << "conformance cases not found under " ONB_SOURCE_DIR "/../shared";
  size_t expressions = 0;
  for (const fs::path& file : files) {
    Parsed p = parseText(readFile(file.string()));
    EXPECT_EQ(p.errors(), 0u) << file << "\n" << p.diagnostics();
    EXPECT_FALSE(p.module.hadSyntaxErrors) << file;
    EXPECT_FALSE(p.module.decls.empty()) << file;
    for (ast::ExprId id : expressionRoots(p.module)) {
      expectRoundTrip(p.module, id);
      ++expressions;
    }
    EXPECT_EQ(p.ast(), parseText(readFile(file.string())).ast()) << "printAst is deterministic";
  }
  EXPECT_GT(expressions, 50u);
}

TEST(ConformancePrograms, ReferenceProgramsOfTheBenchmark) {
  for (const char* name : {"reference.onb", "reference_core.onb"}) {
    Parsed p = parseText(readFile(std::string(ONB_SOURCE_DIR "/../shared/bench/") + name));
    EXPECT_EQ(p.errors(), 0u) << name << "\n" << p.diagnostics();
    for (ast::ExprId id : expressionRoots(p.module)) expectRoundTrip(p.module, id);
  }
}

}  // namespace
}  // namespace onb::test
