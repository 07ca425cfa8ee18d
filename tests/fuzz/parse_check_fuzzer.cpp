// Fuzz target: the whole front end on arbitrary program text. compileProgram (parse,
// imports, check, lints, codegen), every diagnostic renderer, the AST and types dumps;
// and when the program compiles: its artifact loads back (the verifier accepts whatever
// codegen writes), re-writes to the same bytes, disassembles, and runs a smoke stream of
// events through the engine.
//
// Imports resolve against tests/fuzz/programs (so `import "reference.onb"` works); an
// input importing an absolute path or leaving that folder is skipped, since it would read
// arbitrary files (a device such as /dev/zero never ends).
#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>

#include "compiler/driver/compilation.hpp"
#include "compiler/format/types_dump.hpp"
#include "compiler/render/render.hpp"
#include "grammar/ast/ast_printer.hpp"
#include "grammar/parser/parse.hpp"
#include "runtime/bytecode/artifact.hpp"
#include "runtime/bytecode/disassembler.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace onb::fuzz {
namespace {

constexpr size_t kMaxInput = 64 * 1024;

bool importsStayInside(const std::string& text) {
  if (text.find("import") == std::string::npos) return true;
  SourceManager sources;
  DiagnosticSink sink;
  const ast::Module module = parse(sources.file(sources.add("root.onb", text)), sink);
  for (const ast::Decl& decl : module.decls) {
    const auto* import = std::get_if<ast::ImportDecl>(&decl);
    if (!import) continue;
    const std::string_view path = module.string(import->path);
    if (path.empty() || path.front() == '/' || path.find("..") != std::string_view::npos) return false;
  }
  return true;
}

void renderEveryFormat(const Compilation& c) {
  const auto& diagnostics = c.diagnostics.diagnostics();
  RenderOptions options;
  options.color = true;
  (void)renderDiagnostics(diagnostics, *c.sources, options);
  options.color = false;
  (void)renderDiagnostics(diagnostics, *c.sources, options);
  options.format = DiagFormat::Github;
  (void)renderDiagnostics(diagnostics, *c.sources, options);
  options.format = DiagFormat::Json;
  checkJson(renderDiagnostics(diagnostics, *c.sources, options), "the JSON rendering of diagnostics");
  options.format = DiagFormat::Sarif;
  checkJson(renderDiagnostics(diagnostics, *c.sources, options), "the SARIF rendering of diagnostics");
}

void checkCompiledProgram(const bc::Program& program) {
  const std::string artifact = bc::writeArtifact(program, "onb fuzz");
  bc::LoadResult loaded = bc::loadArtifact(artifact);
  if (!loaded.ok()) fail("the verifier refuses what codegen wrote", loaded.error().message);
  if (bc::writeArtifact(loaded.program(), "onb fuzz") != artifact) fail("an artifact does not re-write to the same bytes");
  (void)bc::disassemble(loaded.program());
  const std::vector<std::string> owned = smokeLines(loaded.program());
  const std::vector<std::string_view> lines(owned.begin(), owned.end());
  RunOptions options;
  options.until = 1'735'689'600'000 + 60 * 86'400'000LL;
  runLines(loaded.program(), lines, options);
}

}  // namespace
}  // namespace onb::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace onb;
  if (size > fuzz::kMaxInput) return 0;
  const std::string text(reinterpret_cast<const char*>(data), size);
  if (!fuzz::importsStayInside(text)) return 0;
  std::unique_ptr<Compilation> c = compileProgram(fuzz::programsDir() + "/fuzzed.onb", &text);
  fuzz::renderEveryFormat(*c);
  for (const ast::Module& module : c->loaded.modules) (void)printAst(module, c->sources->file(module.file));
  (void)dumpTypes(c->checked, c->loaded, *c->sources);  // as `onb dump --types`, errors or not
  if (c->program) fuzz::checkCompiledProgram(*c->program);
  return 0;
}
