// Subcommands whose libraries are not wired in yet.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.hpp"

namespace onb::cli {

void addFmt(CLI::App&, Runner&) {}
void addDump(CLI::App&, Runner&) {}

}  // namespace onb::cli
