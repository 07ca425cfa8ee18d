// `onb test` without the printing: finds the test files, parses them, compiles the program
// each imports, resolves and runs every test, and gathers results and coverage.
#pragma once

#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "cli/testing/coverage.hpp"
#include "cli/testing/test_diagnostic.hpp"
#include "cli/testing/test_runner.hpp"
#include "grammar/source/source_file.hpp"

namespace onb::journeytest {

struct SuiteOptions {
  std::vector<std::string> paths;    // test files, or folders searched recursively for *.onbt
  std::optional<std::regex> filter;  // run only the tests whose name it finds (regex_search)
};

struct FileResult {
  std::string path;
  std::vector<TestResult> tests;
  // The imported program has errors (rendered as text): none of the file's tests ran.
  std::string programErrors;
  std::vector<std::string> testNames;  // with programErrors: the tests that could not run
  std::vector<Span> testSpans;
};

struct SuiteResult {
  std::shared_ptr<SourceManager> sources = std::make_shared<SourceManager>();  // the .onbt files
  std::vector<FileResult> files;
  std::vector<TestDiagnostic> diagnostics;  // errors in test files
  std::vector<std::string> ioErrors;        // paths that could not be found or read
  Coverage coverage;

  size_t passed() const;
  size_t failed() const;        // failing tests
  size_t programErrors() const; // tests not run because their program has errors
  // 2 on I/O errors or errors in test files; else 1 when a test failed or could not run
  // (a program with errors); else 0.
  int exitStatus() const;
};

SuiteResult runSuite(const SuiteOptions& options);

// The test files of `paths`, sorted within each folder; a path that is missing is added
// to `errors`.
std::vector<std::string> findTestFiles(const std::vector<std::string>& paths, std::vector<std::string>& errors);

}  // namespace onb::journeytest
