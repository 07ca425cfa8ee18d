#include "cli/testing/test_suite.hpp"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "cli/testing/test_parser.hpp"
#include "cli/testing/test_plan.hpp"
#include "compiler/driver/compilation.hpp"
#include "compiler/render/render.hpp"

namespace onb::journeytest {

namespace {

// The root text compiled for a test file: its import statements where they stand (same
// lines and columns), everything else blanked. Import errors (a missing file, a cycle) are
// then reported at the test file's own `import` lines.
std::string importRoot(const SourceFile& file, const TestFile& parsed) {
  std::string text(file.text());
  std::vector<bool> keep(file.lineCount() + 1, false);
  for (const Import& i : parsed.imports) keep[file.line(i.span.begin)] = true;
  for (uint32_t line = 1; line <= file.lineCount(); ++line) {
    if (keep[line]) continue;
    const uint32_t begin = file.lineStart(line);
    for (uint32_t p = begin; p < text.size() && text[p] != '\n'; ++p) text[p] = ' ';
  }
  return text;
}

void runFile(const std::string& path, const SuiteOptions& options, SuiteResult& suite) {
  std::string error;
  const FileId id = suite.sources->load(path, error);
  if (id == kNoFile) {
    suite.ioErrors.push_back(fmt::format("cannot read {}: {}", path, error));
    return;
  }
  const SourceFile& source = suite.sources->file(id);
  TestDiagnostics diagnostics;
  TestFile parsed = parseTestFile(source, diagnostics);
  if (diagnostics.empty() && parsed.imports.empty())
    diagnostics.error(Span{id, 0, 0}, "a test file imports the program it tests: add `import \"journey.onb\"`");
  if (!diagnostics.empty()) {
    suite.diagnostics.insert(suite.diagnostics.end(), diagnostics.all().begin(), diagnostics.all().end());
    return;
  }
  FileResult result;
  result.path = path;
  const std::string root = importRoot(source, parsed);
  CompilationOptions compileOptions;
  compileOptions.lints = false;  // warnings are `onb check`'s business
  std::unique_ptr<Compilation> c = compileProgram(path, &root, compileOptions);
  if (!c->program) {
    std::vector<Diagnostic> errors;
    for (const Diagnostic& d : c->diagnostics.diagnostics())
      if (d.severity == Severity::Error) errors.push_back(d);
    result.programErrors = renderDiagnostics(errors, *c->sources, RenderOptions{});
    for (const TestCase& t : parsed.tests) {
      if (options.filter && !std::regex_search(t.name, *options.filter)) continue;
      result.testNames.push_back(t.name);
      result.testSpans.push_back(t.span);
    }
    suite.files.push_back(std::move(result));
    return;
  }
  std::vector<TestPlan> plans = resolveTests(parsed, source, *c->program, diagnostics);
  if (!diagnostics.empty()) {
    suite.diagnostics.insert(suite.diagnostics.end(), diagnostics.all().begin(), diagnostics.all().end());
    return;
  }
  const size_t coverageHandle = suite.coverage.addProgram(*c);
  for (const TestPlan& plan : plans) {
    if (options.filter && !std::regex_search(plan.name, *options.filter)) continue;
    result.tests.push_back(runTest(plan, *c->program));
    suite.coverage.addTest(coverageHandle, result.tests.back().records);
  }
  suite.files.push_back(std::move(result));
}

}  // namespace

std::vector<std::string> findTestFiles(const std::vector<std::string>& paths, std::vector<std::string>& errors) {
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      std::vector<std::string> found;
      for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
        if (it->is_regular_file(ec) && it->path().extension() == ".onbt") found.push_back(it->path().lexically_normal().string());
      if (ec) errors.push_back(fmt::format("cannot list {}: {}", path, ec.message()));
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::exists(path, ec)) {
      files.push_back(path);
    } else {
      errors.push_back(fmt::format("no such file or folder: {}", path));
    }
  }
  return files;
}

SuiteResult runSuite(const SuiteOptions& options) {
  SuiteResult suite;
  const std::vector<std::string> files = findTestFiles(options.paths, suite.ioErrors);
  if (files.empty() && suite.ioErrors.empty()) suite.ioErrors.push_back("no .onbt test files found");
  for (const std::string& f : files) runFile(f, options, suite);
  return suite;
}

size_t SuiteResult::passed() const {
  size_t n = 0;
  for (const FileResult& f : files)
    for (const TestResult& t : f.tests) n += t.passed;
  return n;
}

size_t SuiteResult::failed() const {
  size_t n = 0;
  for (const FileResult& f : files)
    for (const TestResult& t : f.tests) n += !t.passed;
  return n;
}

size_t SuiteResult::programErrors() const {
  size_t n = 0;
  for (const FileResult& f : files) n += f.testNames.size();
  return n;
}

int SuiteResult::exitStatus() const {
  if (!ioErrors.empty() || !diagnostics.empty()) return 2;
  if (failed() > 0) return 1;
  for (const FileResult& f : files)
    if (!f.programErrors.empty()) return 1;
  return 0;
}

}  // namespace onb::journeytest
