// onb compile X.onb -o X.onbc: write the verified bytecode artifact;
// onb disasm X.onbc (or X.onb): print a readable listing of a compiled program.
#include <cstdio>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/program_input.hpp"
#include "runtime/bytecode/artifact.hpp"
#include "runtime/bytecode/disassembler.hpp"

namespace onb::cli {

void addCompile(CLI::App& app, Runner& run) {
  struct Args {
    std::string program;
    std::string out;
    DiagnosticOutputArgs output;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("compile", "Compile a program to a bytecode artifact (.onbc)");
  cmd->add_option("program", args->program, "The program (.onb)")->required();
  cmd->add_option("-o,--out", args->out, "The artifact to write (default: the program with .onbc)");
  addDiagnosticOutputOptions(*cmd, args->output);
  cmd->callback([&run, args] {
    run = [args] {
      int status = 0;
      auto program = loadProgramArg(args->program, args->output, status);
      if (!program) return status;
      std::string out = args->out;
      if (out.empty()) out = (args->program.ends_with(".onb") ? args->program.substr(0, args->program.size() - 4) : args->program) + ".onbc";
      std::string bytes = bc::writeArtifact(*program, kVersion);
      std::FILE* f = std::fopen(out.c_str(), "wb");
      if (!f || std::fwrite(bytes.data(), 1, bytes.size(), f) != bytes.size() || std::fclose(f) != 0) {
        fmt::print(stderr, "onb compile: cannot write {}\n", out);
        return 2;
      }
      return 0;
    };
  });
}

void addDisasm(CLI::App& app, Runner& run) {
  struct Args {
    std::string program;
    DiagnosticOutputArgs output;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("disasm", "Print a readable listing of a compiled program (.onbc or .onb)");
  cmd->add_option("program", args->program, "An artifact (.onbc) or a program (.onb)")->required();
  cmd->callback([&run, args] {
    run = [args] {
      int status = 0;
      auto program = loadProgramArg(args->program, args->output, status);
      if (!program) return status;
      fmt::print("{}", bc::disassemble(*program));
      return 0;
    };
  });
}

}  // namespace onb::cli
