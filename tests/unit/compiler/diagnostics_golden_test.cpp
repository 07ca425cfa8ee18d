// tests/golden/diagnostics: one program per diagnostic kind, named `<CODE>-<name>.onb`,
// with every diagnostic it gets (lints on) rendered as text beside it in `.expected`.
// Helper files (imports) live in subfolders and are not inputs themselves.
#include <filesystem>
#include <set>

#include <gtest/gtest.h>

#include "compiler/driver/compilation.hpp"
#include "compiler/render/render.hpp"
#include "golden_support.hpp"

namespace onb {
namespace {

namespace fs = std::filesystem;

std::string stem(const std::string& path) { return fs::path(path).stem().string(); }

TEST(DiagnosticsGolden, EveryInputGetsItsExpectedDiagnostics) {
  const std::string dir = golden::goldenDir("diagnostics");
  const std::vector<std::string> inputs = golden::filesIn(dir, ".onb");
  ASSERT_FALSE(inputs.empty());
  for (const std::string& path : inputs) {
    SCOPED_TRACE(path);
    CompilationOptions options;
    options.codegen = false;
    auto c = compileProgram(path, nullptr, options);
    ASSERT_FALSE(c->rootUnreadable) << c->rootError;
    RenderOptions render;
    render.format = DiagFormat::Text;
    render.color = false;
    const std::string text =
        golden::relativize(renderDiagnostics(c->diagnostics.diagnostics(), *c->sources, render), dir);
    golden::expectGolden(dir + "/" + stem(path) + ".expected", text);
    // The program shows the kind it is named after.
    const std::string name = stem(path);
    std::optional<DiagKind> kind = findDiagKind(name.substr(0, name.find('-')));
    ASSERT_TRUE(kind) << "not named after a diagnostic code";
    bool found = false;
    for (const Diagnostic& d : c->diagnostics.diagnostics()) found = found || d.kind == *kind;
    EXPECT_TRUE(found) << "no " << diagInfo(*kind).code << " reported";
  }
}

TEST(DiagnosticsGolden, EveryKindHasAGoldenProgram) {
  const std::string dir = golden::goldenDir("diagnostics");
  std::set<std::string> expected;
  for (const DiagKindInfo& info : allDiagKinds()) {
    const std::string name = std::string(info.code) + "-" + std::string(info.name);
    expected.insert(name);
    std::error_code ec;
    EXPECT_TRUE(fs::exists(dir + "/" + name + ".onb", ec)) << "no golden program for " << info.code << " (" << info.name
                                                           << "): add tests/golden/diagnostics/" << name << ".onb";
  }
  for (const std::string& path : golden::filesIn(dir, ".onb"))
    EXPECT_TRUE(expected.count(stem(path))) << path << " is not named `<CODE>-<name>.onb` after a diagnostic kind";
  for (const std::string& path : golden::filesIn(dir, ".expected"))
    EXPECT_TRUE(expected.count(stem(path))) << path << " has no input";
}

}  // namespace
}  // namespace onb

namespace onb {
namespace {

// docs/diagnostics.md ends with the catalog `onb explain --list` prints.
TEST(DiagnosticsDoc, CatalogIsUpToDate) {
  const std::string path = golden::sourceDir() + "/docs/diagnostics.md";
  const std::string doc = golden::readFile(path);
  const size_t table = doc.find("| Code | Name |");
  ASSERT_NE(table, std::string::npos) << path << " has no catalog table";
  const std::string catalog = renderDiagnosticCatalog();
  if (golden::updating()) {
    if (doc.substr(table) != catalog) golden::writeFile(path, doc.substr(0, table) + catalog);
    return;
  }
  EXPECT_EQ(doc.substr(table), catalog) << path << " is out of date: ONB_UPDATE_GOLDEN=1 rewrites its table";
}

// `# onb:allow-file unknown-allow` lets a file name warnings this onb does not know (yet).
TEST(Suppressions, UnknownAllowIsSilencedForAFile) {
  const std::string program =
      "# onb:allow-file unknown-allow\n"
      "event a\n"
      "cap 1 per 1d\n"
      "# onb:allow no-goal, some-future-warning\n"
      "journey j {\n  enter when a\n  rule r {\n    when a\n    emit \"x\"\n  }\n}\n";
  auto c = compileProgram("allow.onb", &program);
  EXPECT_TRUE(c->diagnostics.diagnostics().empty()) << c->diagnostics.diagnostics().front().message;
}

}  // namespace
}  // namespace onb
