// onb: the command line. Each subcommand lives in its own cmd_<name>.cpp.
#include <csignal>
#include <cstdio>

#include <CLI/CLI.hpp>

#include "cli/commands.hpp"

namespace onb::cli {
const char* const kVersion = ONB_VERSION_STRING;
}

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);  // a closed pipe is a write error we report, not a crash
  CLI::App app{"onb: compiler and runtime for onboarding journeys"};
  app.require_subcommand(1);
  app.set_version_flag("--version", onb::cli::kVersion);
  onb::cli::Runner run;
  onb::cli::addCheck(app, run);
  onb::cli::addRun(app, run);
  onb::cli::addCompile(app, run);
  onb::cli::addDisasm(app, run);
  onb::cli::addFmt(app, run);
  onb::cli::addExplain(app, run);
  onb::cli::addDump(app, run);
  onb::cli::addTest(app, run);
  onb::cli::addReport(app, run);
  onb::cli::addTrace(app, run);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;  // usage errors exit 2 (LANGUAGE.md section 12)
  }
  return run ? run() : 2;
}
