// The `onb` subcommands. Each registers its options on the CLI11 app and returns the
// process exit status when run (LANGUAGE.md section 12: 0 ok, 1 errors in the program or
// findings, 2 usage or I/O errors).
#pragma once

#include <functional>
#include <string>

namespace CLI {
class App;
}

namespace onb::cli {

// Registers a subcommand; `run` is set to its entry point when it is the one invoked.
using Runner = std::function<int()>;
void addCheck(CLI::App& app, Runner& run);
void addRun(CLI::App& app, Runner& run);
void addCompile(CLI::App& app, Runner& run);
void addDisasm(CLI::App& app, Runner& run);
void addFmt(CLI::App& app, Runner& run);
void addExplain(CLI::App& app, Runner& run);
void addDump(CLI::App& app, Runner& run);
void addTest(CLI::App& app, Runner& run);
void addReport(CLI::App& app, Runner& run);
void addTrace(CLI::App& app, Runner& run);

extern const char* const kVersion;

}  // namespace onb::cli
