#include "golden_support.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "compiler/format/line_diff.hpp"

namespace onb::golden {

namespace fs = std::filesystem;

std::string sourceDir() { return fs::weakly_canonical(ONB_SOURCE_DIR).string(); }

std::string goldenDir(std::string_view sub) { return sourceDir() + "/tests/golden/" + std::string(sub); }

bool updating() {
  const char* flag = std::getenv("ONB_UPDATE_GOLDEN");
  return flag && std::string_view(flag) == "1";
}

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void writeFile(const std::string& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  EXPECT_TRUE(out.good()) << "cannot write " << path;
}

std::string relativize(std::string text, const std::string& dir) {
  const std::string prefix = dir + "/";
  for (size_t at = text.find(prefix); at != std::string::npos; at = text.find(prefix, at))
    text.erase(at, prefix.size());
  return text;
}

void expectGolden(const std::string& expectedPath, const std::string& actual) {
  std::error_code ec;
  if (updating()) {
    if (!fs::exists(expectedPath, ec) || readFile(expectedPath) != actual) writeFile(expectedPath, actual);
    return;
  }
  if (!fs::exists(expectedPath, ec)) {
    ADD_FAILURE() << expectedPath << " is missing; run the tests with ONB_UPDATE_GOLDEN=1 to create it";
    return;
  }
  const std::string expected = readFile(expectedPath);
  if (expected != actual)
    ADD_FAILURE() << expectedPath << " differs (ONB_UPDATE_GOLDEN=1 rewrites it):\n"
                  << unifiedDiff(expected, actual, "expected", "actual");
}

std::vector<std::string> filesIn(const std::string& dir, std::string_view suffix) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.is_regular_file() && entry.path().string().ends_with(suffix)) out.push_back(entry.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> corpus() {
  std::vector<std::string> out;
  const auto addTree = [&](const std::string& dir) {
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec))
      if (it->is_regular_file() && it->path().extension() == ".onb") out.push_back(it->path().string());
  };
  addTree(sourceDir() + "/examples");
  addTree(sourceDir() + "/tests/spec/cases");
  addTree(sourceDir() + "/../shared/conformance/cases");
  addTree(sourceDir() + "/tests/golden");
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace onb::golden
