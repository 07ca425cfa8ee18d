// onb test PATHS: run the journey tests of `.onbt` files (docs/testing.md) on the real
// engine with a pseudo clock; exit 0 when every test passes, 1 when one fails (or cannot
// run because its program has errors), 2 on usage, I/O or test file errors.
#include <cstdio>
#include <regex>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/testing/test_report.hpp"
#include "cli/testing/test_suite.hpp"

namespace onb::cli {

namespace {

struct TestArgs {
  std::vector<std::string> paths;
  std::string run;
  std::string format = "text";
  std::string output;
  bool coverage = false;
  bool verbose = false;
};

int runTestCommand(const TestArgs& args) {
  journeytest::SuiteOptions options;
  options.paths = args.paths;
  if (!args.run.empty()) {
    try {
      options.filter = std::regex(args.run, std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
      fmt::print(stderr, "onb test: --run takes a regular expression; `{}` is not one ({})\n", args.run, e.what());
      return 2;
    }
  }
  journeytest::SuiteResult suite = journeytest::runSuite(options);

  // Errors go to stderr in every format (JSON and JUnit carry them too).
  for (const std::string& e : suite.ioErrors) fmt::print(stderr, "onb test: {}\n", e);
  for (const journeytest::FileResult& f : suite.files)
    if (!f.programErrors.empty()) fmt::print(stderr, "{}", f.programErrors);
  std::fputs(journeytest::renderTestDiagnostics(suite.diagnostics, *suite.sources).c_str(), stderr);

  journeytest::ReportOptions report{args.verbose, args.coverage};
  std::string text = args.format == "json"    ? journeytest::jsonReport(suite, report)
                     : args.format == "junit" ? journeytest::junitReport(suite)
                                              : journeytest::textReport(suite, report);
  // JUnit has no place for coverage: it goes to stderr as text.
  if (args.format == "junit" && args.coverage) fmt::print(stderr, "{}", journeytest::coverageText(suite.coverage));
  if (args.output.empty() || args.output == "-") {
    std::fputs(text.c_str(), stdout);
    if (std::fflush(stdout) != 0) return 2;
  } else {
    std::FILE* f = std::fopen(args.output.c_str(), "wb");
    if (!f || std::fwrite(text.data(), 1, text.size(), f) != text.size() || std::fclose(f) != 0) {
      fmt::print(stderr, "onb test: cannot write {}\n", args.output);
      return 2;
    }
    // The summary still reaches the person watching.
    if (args.format != "text") fmt::print(stderr, "onb test: {} passed, {} failed; report written to {}\n", suite.passed(), suite.failed(), args.output);
  }
  return suite.exitStatus();
}

}  // namespace

void addTest(CLI::App& app, Runner& run) {
  auto args = std::make_shared<TestArgs>();
  CLI::App* cmd = app.add_subcommand("test", "Run journey tests (.onbt files) on the engine with a pseudo clock");
  cmd->add_option("paths", args->paths, "Test files, or folders searched recursively for *.onbt")->required();
  cmd->add_option("--run", args->run, "Run only the tests whose name matches this regular expression");
  cmd->add_option("--format", args->format, "Output: text, json or junit (JUnit XML)")
      ->check(CLI::IsMember({"text", "json", "junit"}));
  cmd->add_option("-o,--out", args->output, "Write the report here instead of stdout");
  cmd->add_flag("--coverage", args->coverage, "Report which rules the tests fired, suppressed, deferred or skipped");
  cmd->add_flag("-v,--verbose", args->verbose, "Also list the records of passing tests");
  cmd->callback([&run, args] { run = [args] { return runTestCommand(*args); }; });
}

}  // namespace onb::cli
