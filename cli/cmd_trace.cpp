// onb trace USER PROGRAM [EVENTS]: runs the program over the events and prints one
// user's timeline: their events, journey entries, timers, rule firings (delivered,
// suppressed and why, deferred, skipped by which clause), goals and exits, in processing
// order (docs/trace.md).
#include <cstdio>
#include <optional>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/program_input.hpp"
#include "cli/progress.hpp"
#include "cli/trace/trace_collector.hpp"
#include "runtime/engine/engine.hpp"
#include "runtime/engine/stream_runner.hpp"
#include "runtime/io/line_reader.hpp"
#include "stdlib/civil_time.hpp"

namespace onb::cli {

namespace {

struct TraceArgs {
  std::string user;
  std::string program;
  std::string events = "-";
  std::string format = "text";
  std::string until;
  std::string lateness;
  std::string dedupWindow;
  bool quiet = false;
  DiagnosticOutputArgs output;  // the defaults: text diagnostics
};

int runTrace(const TraceArgs& args) {
  engine::EngineOptions options;
  options.explain = true;  // skip records and the limit or cap behind a suppression
  if (!durationOption("trace", args.lateness, "--lateness", options.latenessMs) ||
      !durationOption("trace", args.dedupWindow, "--dedup-window", options.dedupWindowMs))
    return 2;
  std::optional<int64_t> until;
  if (!args.until.empty()) {
    int64_t t;
    if (civil::parseIso(args.until, t) != civil::IsoError::None) {
      fmt::print(stderr, "onb trace: --until takes an ISO 8601 time such as 2025-01-01T00:00:00Z; got `{}`\n",
                 args.until);
      return 2;
    }
    until = t;
  }
  int status = 0;
  std::shared_ptr<const bc::Program> program = loadProgramArg(args.program, args.output, status);
  if (!program) return status;
  io::LineReader reader;
  if (!reader.open(args.events)) {
    fmt::print(stderr, "onb trace: {}\n", reader.error());
    return 2;
  }
  std::unique_ptr<trace::TraceWriter> writer =
      args.format == "json" ? trace::makeJsonWriter(stdout) : trace::makeTextWriter(stdout);
  trace::TraceCollector collector(*program, args.user, *writer);
  engine::Engine engine(*program, options, collector);
  engine.setObserver(&collector);
  engine::StreamRunner runner(engine, program->schema);
  Progress progress(reader, !args.quiet && Progress::stderrIsTerminal());
  runner.run(reader, progress.checkEvery(), [&](uint64_t lines) {
    progress.update(lines);
    return true;
  });
  progress.finish();
  if (reader.failed()) {
    fmt::print(stderr, "onb trace: {}\n", reader.error());
    return 2;
  }
  engine.finish(until);
  collector.finish(until ? *until : engine.maxTimestamp());
  std::fflush(stdout);
  if (std::ferror(stdout)) {
    fmt::print(stderr, "onb trace: cannot write the timeline\n");
    return 2;
  }
  if (collector.linesSeen() == 0) {
    fmt::print(stderr, "onb trace: no input line of user `{}` ({} lines read)\n", args.user, engine.stats().read);
    return 1;
  }
  return 0;
}

}  // namespace

void addTrace(CLI::App& app, Runner& run) {
  auto args = std::make_shared<TraceArgs>();
  CLI::App* cmd = app.add_subcommand("trace", "Run a program over events and show one user's timeline");
  cmd->add_option("user", args->user, "The user id (userId, or anonymousId when there is none)")->required();
  cmd->add_option("program", args->program, "The program: .onb source or .onbc artifact")->required();
  cmd->add_option("events", args->events, "Events (JSONL, optionally gzipped); stdin when absent or -");
  cmd->add_option("--format", args->format, "text (default) or json (one object per timeline entry)")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--until", args->until, "Fire timers up to this time at the end (default: the last event's time)");
  cmd->add_option("--lateness", args->lateness, "Allowed lateness: a duration (1h) or milliseconds (default 0)");
  cmd->add_option("--dedup-window", args->dedupWindow, "messageId dedup window (default 24h)");
  cmd->add_flag("-q,--quiet", args->quiet, "No progress display on stderr");
  // Program diagnostics are text (--format is the timeline's).
  cmd->callback([&run, args] { run = [args] { return runTrace(*args); }; });
}

}  // namespace onb::cli
