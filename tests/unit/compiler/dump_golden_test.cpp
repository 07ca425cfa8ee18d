// tests/golden/dump and tests/golden/disasm: the text dumps of every phase (`onb dump
// --ast`, `onb dump --types`, `onb disasm`) for the examples and the construct-heavy
// programs of tests/golden/dump, compared with their golden files.
#include <filesystem>

#include <gtest/gtest.h>

#include "compiler/driver/compilation.hpp"
#include "compiler/format/types_dump.hpp"
#include "golden_support.hpp"
#include "grammar/ast/ast_printer.hpp"
#include "grammar/parser/parse.hpp"
#include "runtime/bytecode/disassembler.hpp"

namespace onb {
namespace {

namespace fs = std::filesystem;

struct DumpInput {
  std::string path;
  std::string name;  // of the golden files
};

std::vector<DumpInput> inputs() {
  std::vector<DumpInput> out;
  for (const std::string& path : golden::filesIn(golden::sourceDir() + "/examples/saas", ".onb"))
    out.push_back({path, "saas_" + fs::path(path).stem().string()});
  for (const std::string& path : golden::filesIn(golden::goldenDir("dump"), ".onb"))
    out.push_back({path, fs::path(path).stem().string()});
  return out;
}

TEST(DumpGolden, Ast) {
  for (const DumpInput& input : inputs()) {
    SCOPED_TRACE(input.path);
    SourceManager sources;
    std::string error;
    const FileId id = sources.load(input.path, error);
    ASSERT_NE(id, kNoFile) << error;
    DiagnosticSink sink;
    const ast::Module module = parse(sources.file(id), sink);
    EXPECT_FALSE(sink.hasErrors());
    golden::expectGolden(golden::goldenDir("dump") + "/" + input.name + ".ast", printAst(module, sources.file(id)));
  }
}

TEST(DumpGolden, Types) {
  for (const DumpInput& input : inputs()) {
    SCOPED_TRACE(input.path);
    CompilationOptions options;
    options.lints = false;
    options.codegen = false;
    auto c = compileProgram(input.path, nullptr, options);
    EXPECT_FALSE(c->diagnostics.hasErrors());
    const std::string text = golden::relativize(dumpTypes(c->checked, c->loaded, *c->sources), golden::sourceDir());
    golden::expectGolden(golden::goldenDir("dump") + "/" + input.name + ".types", text);
  }
}

TEST(DisasmGolden, CompiledPrograms) {
  for (const DumpInput& input : inputs()) {
    SCOPED_TRACE(input.path);
    auto c = compileProgram(input.path);
    ASSERT_TRUE(c->program) << "does not compile";
    const std::string text = golden::relativize(bc::disassemble(*c->program), golden::sourceDir());
    golden::expectGolden(golden::goldenDir("disasm") + "/" + input.name + ".disasm", text);
  }
}

}  // namespace
}  // namespace onb
