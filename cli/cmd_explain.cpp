// onb explain CODE: what a diagnostic means and how to silence a warning;
// onb explain --list: every diagnostic, as a Markdown table.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "compiler/render/render.hpp"

namespace onb::cli {

void addExplain(CLI::App& app, Runner& run) {
  struct Args {
    std::string code;
    bool list = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("explain", "Explain a diagnostic code (E0203) or name (no-goal)");
  cmd->add_option("code", args->code, "A diagnostic code or name");
  cmd->add_flag("--list", args->list, "List every diagnostic (Markdown)");
  cmd->callback([&run, args] {
    run = [args] {
      if (args->list) {
        fmt::print("{}", renderDiagnosticCatalog());
        return 0;
      }
      if (args->code.empty()) {
        fmt::print(stderr, "onb explain: give a code such as E0203, or --list\n");
        return 2;
      }
      auto kind = findDiagKind(args->code);
      if (!kind) {
        fmt::print(stderr, "onb explain: unknown diagnostic `{}` (see `onb explain --list`)\n", args->code);
        return 2;
      }
      fmt::print("{}", explainDiagnostic(*kind));
      return 0;
    };
  });
}

}  // namespace onb::cli
