// Golden files: expected output that sits beside its input and is compared byte for byte.
// With ONB_UPDATE_GOLDEN=1 in the environment the tests rewrite the expected files instead
// of comparing (review the change in the diff before committing it).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace onb::golden {

// The repository root (ONB_SOURCE_DIR) and tests/golden/<sub>.
std::string sourceDir();
std::string goldenDir(std::string_view sub);

bool updating();

// The bytes of a file; fails the current test when it cannot be read.
std::string readFile(const std::string& path);
void writeFile(const std::string& path, std::string_view text);

// `text` with every occurrence of `dir` + "/" removed, so that output naming files under
// `dir` does not depend on where the repository is checked out.
std::string relativize(std::string text, const std::string& dir);

// Compares `actual` with the golden file `expectedPath` (a unified diff on mismatch), or
// rewrites the file when updating.
void expectGolden(const std::string& expectedPath, const std::string& actual);

// The files directly in `dir` whose name ends in `suffix`, sorted.
std::vector<std::string> filesIn(const std::string& dir, std::string_view suffix);

// Every program the formatter and the dumps are tried on: the examples, the spec and
// public conformance cases (the files of each case), the golden inputs.
std::vector<std::string> corpus();

}  // namespace onb::golden
