// onb report METRICS.json | PROGRAM EVENTS: the journey metrics (LANGUAGE.md section 11)
// as a self-contained HTML page with charts (-o FILE) and a plain-text summary on stdout
// (docs/report.md). With a program and events, runs them first, in-process, as
// `onb run --metrics` would (the records are not kept).
#include <cstdio>
#include <fstream>
#include <optional>
#include <sstream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/program_input.hpp"
#include "cli/progress.hpp"
#include "cli/report/html_report.hpp"
#include "cli/report/metrics_file.hpp"
#include "cli/report/text_summary.hpp"
#include "runtime/engine/engine.hpp"
#include "runtime/engine/stream_runner.hpp"
#include "runtime/io/line_reader.hpp"
#include "stdlib/civil_time.hpp"

namespace onb::cli {

namespace {

struct ReportArgs {
  std::vector<std::string> inputs;  // METRICS.json, or PROGRAM EVENTS
  std::string out;
  std::string until;
  std::string lateness;
  std::string dedupWindow;
  bool quiet = false;
  DiagnosticOutputArgs output;
};

class DiscardRecords final : public engine::RecordSink {
 public:
  void record(const engine::Record&) override {}
};

bool readFile(const std::string& path, std::string& text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  text = bytes.str();
  return !in.bad();
}

// Runs PROGRAM over EVENTS with metrics on and returns the metrics JSON (status 0), or
// sets `status` (1: the program has errors; 2: usage or I/O).
std::string runForMetrics(const ReportArgs& args, int& status) {
  engine::EngineOptions options;
  options.metrics = true;
  status = 2;
  if (!durationOption("report", args.lateness, "--lateness", options.latenessMs) ||
      !durationOption("report", args.dedupWindow, "--dedup-window", options.dedupWindowMs))
    return {};
  std::optional<int64_t> until;
  if (!args.until.empty()) {
    int64_t t;
    if (civil::parseIso(args.until, t) != civil::IsoError::None) {
      fmt::print(stderr, "onb report: --until takes an ISO 8601 time such as 2025-01-01T00:00:00Z; got `{}`\n",
                 args.until);
      return {};
    }
    until = t;
  }
  std::shared_ptr<const bc::Program> program = loadProgramArg(args.inputs[0], args.output, status);
  if (!program) return {};
  status = 2;
  io::LineReader reader;
  if (!reader.open(args.inputs[1])) {
    fmt::print(stderr, "onb report: {}\n", reader.error());
    return {};
  }
  DiscardRecords records;
  engine::Engine engine(*program, options, records);
  engine::StreamRunner runner(engine, program->schema);
  Progress progress(reader, !args.quiet && Progress::stderrIsTerminal());
  runner.run(reader, progress.checkEvery(), [&](uint64_t lines) {
    progress.update(lines);
    return true;
  });
  progress.finish();
  if (reader.failed()) {
    fmt::print(stderr, "onb report: {}\n", reader.error());
    return {};
  }
  engine.finish(until);
  status = 0;
  return engine::metricsJson(*program, engine.metricsReport(until ? *until : engine.maxTimestamp()));
}

int runReport(const ReportArgs& args) {
  if (args.inputs.size() > 2) {
    fmt::print(stderr, "onb report: takes METRICS.json, or PROGRAM and EVENTS\n");
    return 2;
  }
  std::string json, source;
  if (args.inputs.size() == 1) {
    source = args.inputs[0];
    if (!readFile(source, json)) {
      fmt::print(stderr, "onb report: cannot read {}\n", source);
      return 2;
    }
  } else {
    int status = 0;
    json = runForMetrics(args, status);
    if (status) return status;
    source = fmt::format("{} over {}", args.inputs[0], args.inputs[1] == "-" ? "<stdin>" : args.inputs[1]);
  }
  report::MetricsFile metrics;
  std::string error;
  if (!report::readMetrics(json, metrics, error)) {
    fmt::print(stderr, "onb report: {} is not a metrics file (the JSON `onb run --metrics` writes): {}\n", source,
               error);
    return 2;
  }
  if (!args.out.empty()) {
    const std::string html = report::htmlReport(metrics, {source, kVersion});
    std::FILE* f = std::fopen(args.out.c_str(), "wb");
    if (!f || std::fwrite(html.data(), 1, html.size(), f) != html.size() || std::fclose(f) != 0) {
      fmt::print(stderr, "onb report: cannot write {}\n", args.out);
      return 2;
    }
  }
  fmt::print("{}", report::textSummary(metrics));
  if (!args.out.empty()) fmt::print("\nReport written to {}\n", args.out);
  std::fflush(stdout);
  return std::ferror(stdout) ? 2 : 0;
}

}  // namespace

void addReport(CLI::App& app, Runner& run) {
  auto args = std::make_shared<ReportArgs>();
  CLI::App* cmd = app.add_subcommand(
      "report", "Journey metrics as an HTML report with charts (-o) and a text summary: from a metrics file, or by "
                "running a program over events");
  cmd->add_option("inputs", args->inputs, "METRICS.json (written by `onb run --metrics`), or PROGRAM EVENTS")
      ->required()
      ->expected(1, 2);
  cmd->add_option("-o,--out", args->out, "Write the HTML report to this file");
  cmd->add_option("--until", args->until, "With PROGRAM EVENTS: as `onb run --until`");
  cmd->add_option("--lateness", args->lateness, "With PROGRAM EVENTS: as `onb run --lateness`");
  cmd->add_option("--dedup-window", args->dedupWindow, "With PROGRAM EVENTS: as `onb run --dedup-window`");
  cmd->add_flag("-q,--quiet", args->quiet, "No progress display while running the program");
  addDiagnosticOutputOptions(*cmd, args->output);
  cmd->callback([&run, args] { run = [args] { return runReport(*args); }; });
}

}  // namespace onb::cli
