// onb dump --ast FILE | --types FILE: the text dump of a phase, for people and golden
// tests. --ast prints the tree of FILE alone (grammar/ast/ast_printer.hpp: imports are
// not followed); --types checks the whole program, imports included, and prints every
// expression with its type and resolution (compiler/format/types_dump.hpp). The dump goes
// to stdout, diagnostics to stderr. Exit status: 0, or 1 when the program has errors (the
// dump is still printed, as far as it goes), 2 on usage or I/O errors.
#include <cstdio>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "cli/diagnostic_output.hpp"
#include "compiler/driver/compilation.hpp"
#include "compiler/format/types_dump.hpp"
#include "grammar/ast/ast_printer.hpp"
#include "grammar/parser/parse.hpp"

namespace onb::cli {

namespace {

struct DumpArgs {
  std::string path;
  bool ast = false;
  bool types = false;
  DiagnosticOutputArgs output;
};

void writeStdout(const std::string& text) {
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

int dumpAst(const DumpArgs& args) {
  SourceManager sources;
  std::string error;
  const FileId id = sources.load(args.path, error);
  if (id == kNoFile) {
    fmt::print(stderr, "onb dump: cannot read {}: {}\n", args.path, error);
    return 2;
  }
  DiagnosticSink sink;
  const ast::Module module = parse(sources.file(id), sink);
  writeStdout(printAst(module, sources.file(id)));
  return reportDiagnostics(sink.diagnostics(), sources, args.output, false);
}

int dumpTypesOf(const DumpArgs& args) {
  CompilationOptions options;
  options.lints = false;  // the dump is about types; `onb check` reports the warnings
  options.codegen = false;
  auto c = compileProgram(args.path, nullptr, options);
  if (c->rootUnreadable) {
    fmt::print(stderr, "onb dump: {}\n", c->rootError);
    return 2;
  }
  writeStdout(dumpTypes(c->checked, c->loaded, *c->sources));
  return reportDiagnostics(c->diagnostics.diagnostics(), *c->sources, args.output, false);
}

}  // namespace

void addDump(CLI::App& app, Runner& run) {
  auto args = std::make_shared<DumpArgs>();
  CLI::App* cmd =
      app.add_subcommand("dump", "Print a phase's output: the syntax tree (--ast) or the checked types (--types)");
  cmd->add_option("file", args->path, "The program's root file")->required();
  CLI::Option* ast = cmd->add_flag("--ast", args->ast, "The syntax tree of FILE, with positions and comments");
  CLI::Option* types =
      cmd->add_flag("--types", args->types, "Every expression of the program with its type and what it resolves to");
  ast->excludes(types);
  addDiagnosticOutputOptions(*cmd, args->output);
  cmd->callback([&run, args] {
    run = [args] {
      if (!args->ast && !args->types) {
        fmt::print(stderr, "onb dump: give --ast or --types\n");
        return 2;
      }
      return args->ast ? dumpAst(*args) : dumpTypesOf(*args);
    };
  });
}

}  // namespace onb::cli
