// onb run PROGRAM [EVENTS]: evaluate a program over a Segment JSONL event stream and
// write the records (LANGUAGE.md sections 6, 7, 9 and 12).
#include <algorithm>
#include <cstdio>
#include <optional>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/program_input.hpp"
#include "cli/progress.hpp"
#include "cli/run_state.hpp"
#include "cli/run_summary.hpp"
#include "cli/run_threads.hpp"
#include "runtime/engine/engine.hpp"
#include "runtime/engine/jsonl_sink.hpp"
#include "runtime/engine/stream_runner.hpp"
#include "runtime/io/event_decoder.hpp"
#include "runtime/io/line_reader.hpp"
#include "runtime/io/record_writer.hpp"
#include "runtime/io/reject_log.hpp"
#include "stdlib/civil_time.hpp"
#ifdef ONB_WITH_JIT
#include "runtime/jit/jit_runner.hpp"
#endif

namespace onb::cli {

namespace {

struct RunArgs {
  std::string program;
  std::string events = "-";
  std::string out;
  std::string until;
  std::string lateness;
  std::string dedupWindow;
  std::string metrics;
  std::string rejects;
  bool explain = false;
  bool jit = false;
  bool quiet = false;
  unsigned threads = 1;
  DiagnosticOutputArgs output;
  StateArgs state;
};

void printSummary(const engine::Engine& e) {
  const engine::UserTable& users = e.users();
  printRunSummary(e.stats(), e.pendingTimers(), users.size(), users.blockBytes(), users.memoryBytes());
}

int runRun(const RunArgs& args) {
#ifndef ONB_WITH_JIT
  if (args.jit) {
    fmt::print(stderr, "onb run: this onb was built without the JIT (ONB_JIT=OFF)\n");
    return 2;
  }
#endif
  engine::EngineOptions options;
  options.explain = args.explain;
  options.metrics = !args.metrics.empty();
  if (!durationOption("run", args.lateness, "--lateness", options.latenessMs)) return 2;
  if (!durationOption("run", args.dedupWindow, "--dedup-window", options.dedupWindowMs)) return 2;
  std::optional<int64_t> until;
  if (!args.until.empty()) {
    int64_t t;
    if (civil::parseIso(args.until, t) != civil::IsoError::None) {
      fmt::print(stderr, "onb run: --until takes an ISO 8601 time such as 2025-01-01T00:00:00Z; got `{}`\n", args.until);
      return 2;
    }
    until = t;
  }
  int status = 0;
  std::shared_ptr<const bc::Program> program = loadProgramArg(args.program, args.output, status);
  if (!program) return status;
  if (args.threads > 1) {
    if (!args.state.dir.empty() || !args.state.checkpointEvery.empty() || args.jit) {
      fmt::print(stderr, "onb run: --threads takes no {}: run with one thread for that\n",
                 args.jit ? "--jit" : "--state or --checkpoint-every");
      return 2;
    }
    ThreadedRun run;
    run.threads = args.threads;
    run.options = options;
    run.until = until;
    run.events = args.events;
    run.out = args.out;
    run.rejects = args.rejects;
    run.metrics = args.metrics;
    run.progress = !args.quiet && Progress::stderrIsTerminal();
    return runThreaded(*program, run);
  }

  // --state: checkpoints, and resuming from the last one (run_state.hpp).
  RunState state;
  const bool durable = !args.state.dir.empty() || !args.state.checkpointEvery.empty();
  if (durable) {
    const engine::RunSettings settings{options.latenessMs, options.dedupWindowMs, options.explain, options.metrics, until};
    switch (state.start(args.state, args.events, args.out, args.rejects, *program, settings)) {
      case RunState::Start::Fresh:
      case RunState::Start::Resume: break;
      case RunState::Start::Complete: return 0;
      case RunState::Start::Error: return 2;
    }
  }

  io::LineReader reader;
  if (!reader.open(args.events, state.readerOptions())) {
    fmt::print(stderr, "onb run: {}\n", reader.error());
    return 2;
  }
  std::unique_ptr<io::RecordWriter> writer;
  if (args.out.empty() || args.out == "-") {
    writer = std::make_unique<io::RecordWriter>();
  } else {
    std::string error;
    writer = durable ? state.openRecords(args.out, error) : io::RecordWriter::openFile(args.out, error);
    if (!writer) {
      fmt::print(stderr, "onb run: {}\n", error);
      return 2;
    }
  }
  io::RejectLog rejectLog(stderr);
  std::string rejectsError;
  if (!args.rejects.empty() &&
      !(durable ? state.openRejects(args.rejects, rejectLog, rejectsError) : rejectLog.openFile(args.rejects))) {
    fmt::print(stderr, "onb run: {}\n", durable ? rejectsError : rejectLog.error());
    return 2;
  }
  RejectAdapter rejects(rejectLog);
  engine::JsonlSink sink(*program, *writer);
  engine::Engine engine(*program, options, sink, &rejects);
#ifdef ONB_WITH_JIT
  // --jit: the program's functions as native code (docs/jit.md); the engine's VM otherwise.
  std::unique_ptr<jit::JitRunner> jitRunner;
  if (args.jit) {
    jitRunner = std::make_unique<jit::JitRunner>(*program);
    engine.setFunctionRunner(jitRunner.get());
  }
#endif
  if (std::string error; !state.restore(engine, error)) {
    fmt::print(stderr, "onb run: {}\n", error);
    return 2;
  }
  engine::StreamRunner runner(engine, program->schema);
  // One pause callback: the progress display (a terminal only) and checkpoints (--state).
  Progress progress(reader, !args.quiet && Progress::stderrIsTerminal());
  rejects.setProgress(&progress);
  uint64_t pauseEvery = progress.checkEvery();
  if (durable) pauseEvery = pauseEvery ? std::min(pauseEvery, state.pauseEvery()) : state.pauseEvery();
  engine::StreamRunner::Pause pause = [&](uint64_t linesPushed) {
    progress.update(linesPushed);
    return !durable || state.pause(engine, reader, linesPushed);
  };
  runner.run(reader, pauseEvery, pause);
  progress.finish();
  if (state.failed()) return 2;
  if (reader.failed()) {
    fmt::print(stderr, "onb run: {}\n", reader.error());
    return 2;
  }
  engine.finish(until);
  bool ok = writer->flush();
  rejectLog.finish();
  if (!ok) {
    fmt::print(stderr, "onb run: writing records: {}\n", writer->error());
    return 2;
  }
  printSummary(engine);
#ifdef ONB_WITH_JIT
  if (jitRunner) {
    const jit::JitStats& js = jitRunner->stats();
    fmt::print(stderr, "onb: jit compiled {} of {} functions in {:.1f} ms{}{}\n", js.compiled, js.functions, js.compileMs,
               js.error.empty() ? "" : "; LLVM failed, the VM ran them: ", js.error);
  }
#endif
  if (!args.metrics.empty()) {
    int64_t end = until ? *until : engine.maxTimestamp();
    if (!writeMetricsFile(args.metrics, *program, engine.metricsReport(end))) return 2;
  }
  if (durable && !state.finish(reader, runner.linesPushed(), args.metrics)) return 2;
  return 0;
}

}  // namespace

void addRun(CLI::App& app, Runner& run) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* cmd = app.add_subcommand("run", "Run a program (.onb or .onbc) over a JSONL event stream");
  cmd->add_option("program", args->program, "The program: .onb source or .onbc artifact")->required();
  cmd->add_option("events", args->events, "Events (JSONL, optionally gzipped); stdin when absent or -");
  cmd->add_option("-o,--out", args->out, "Write records here instead of stdout");
  cmd->add_option("--until", args->until, "Fire timers up to this time at the end (default: the last event's time)");
  cmd->add_option("--lateness", args->lateness, "Allowed lateness: a duration (1h) or milliseconds (default 0)");
  cmd->add_option("--dedup-window", args->dedupWindow, "messageId dedup window (default 24h)");
  cmd->add_option("--metrics", args->metrics, "Write journey metrics (JSON) to this file");
  cmd->add_option("--rejects", args->rejects, "Write every rejected line (JSONL) to this file");
  cmd->add_flag("--explain", args->explain, "Also write skip records: why a rule did not fire");
  cmd->add_option("--threads", args->threads,
                  "Spread users over N engines on N threads (each user's records keep their order)")
      ->check(CLI::Range(1u, 256u));
  cmd->add_flag("-q,--quiet", args->quiet, "No progress display (shown on stderr when it is a terminal)");
  cmd->add_flag("--jit", args->jit, "Run the program's functions as native code (LLVM JIT; builds with ONB_JIT=ON)");
  addDiagnosticOutputOptions(*cmd, args->output);
  addStateOptions(*cmd, args->state);
  cmd->callback([&run, args] { run = [args] { return runRun(*args); }; });
}

}  // namespace onb::cli
