// onb run PROGRAM [EVENTS]: evaluate a program over a Segment JSONL event stream and
// write the records (LANGUAGE.md sections 6, 7, 9 and 12).
#include <cstdio>
#include <optional>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/program_input.hpp"
#include "runtime/engine/engine.hpp"
#include "runtime/engine/jsonl_sink.hpp"
#include "runtime/engine/stream_runner.hpp"
#include "runtime/io/event_decoder.hpp"
#include "runtime/io/line_reader.hpp"
#include "runtime/io/record_writer.hpp"
#include "runtime/io/reject_log.hpp"
#include "stdlib/civil_time.hpp"

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
  DiagnosticOutputArgs output;
};

class RejectAdapter final : public engine::RejectSink {
 public:
  explicit RejectAdapter(io::RejectLog& log) : log_(log) {}
  void reject(uint64_t line, io::RejectClass cls, std::string_view reason) override { log_.report(line, cls, reason); }

 private:
  io::RejectLog& log_;
};

bool parseDuration(const std::string& text, const char* flag, int64_t& out) {
  if (text.empty()) return true;
  auto v = civil::parseDurationArg(text);
  if (!v) {
    fmt::print(stderr, "onb run: {} takes a duration such as `1h` or `250ms`, or milliseconds; got `{}`\n", flag, text);
    return false;
  }
  out = *v;
  return true;
}

void printSummary(const engine::Engine& e) {
  const engine::EngineStats& s = e.stats();
  fmt::print(stderr, "onb: events read {}, processed {}, ignored {}, invalid {}, late {}, duplicates {}, malformed {}\n",
             s.read, s.processed, s.ignored, s.invalid, s.late, s.duplicates, s.malformed);
  std::string records;
  for (int k = 0; k <= static_cast<int>(engine::RecordKind::Error); ++k)
    records += fmt::format("{}{} {}", k ? ", " : "", engine::recordKindName(static_cast<engine::RecordKind>(k)), s.records[k]);
  fmt::print(stderr, "onb: records {}\n", records);
  fmt::print(stderr, "onb: timers pending {}\n", e.pendingTimers());
  const engine::UserTable& users = e.users();
  fmt::print(stderr, "onb: users {}, state {} bytes per user ({} in all with ids and the user table)\n", users.size(),
             users.blockBytes(), users.size() ? users.memoryBytes() / users.size() : 0);
}

int runRun(const RunArgs& args) {
  engine::EngineOptions options;
  options.explain = args.explain;
  options.metrics = !args.metrics.empty();
  if (!parseDuration(args.lateness, "--lateness", options.latenessMs)) return 2;
  if (!parseDuration(args.dedupWindow, "--dedup-window", options.dedupWindowMs)) return 2;
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

  io::LineReader reader;
  if (!reader.open(args.events)) {
    fmt::print(stderr, "onb run: {}\n", reader.error());
    return 2;
  }
  std::unique_ptr<io::RecordWriter> writer;
  if (args.out.empty() || args.out == "-") {
    writer = std::make_unique<io::RecordWriter>();
  } else {
    std::string error;
    writer = io::RecordWriter::openFile(args.out, error);
    if (!writer) {
      fmt::print(stderr, "onb run: {}\n", error);
      return 2;
    }
  }
  io::RejectLog rejectLog(stderr);
  if (!args.rejects.empty() && !rejectLog.openFile(args.rejects)) {
    fmt::print(stderr, "onb run: {}\n", rejectLog.error());
    return 2;
  }
  RejectAdapter rejects(rejectLog);
  engine::JsonlSink sink(*program, *writer);
  engine::Engine engine(*program, options, sink, &rejects);
  engine::StreamRunner runner(engine, program->schema);
  runner.run(reader);
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
  if (!args.metrics.empty()) {
    int64_t end = until ? *until : engine.maxTimestamp();
    std::string json = engine::metricsJson(*program, engine.metricsReport(end));
    std::FILE* f = std::fopen(args.metrics.c_str(), "wb");
    if (!f || std::fwrite(json.data(), 1, json.size(), f) != json.size() || std::fclose(f) != 0) {
      fmt::print(stderr, "onb run: cannot write metrics to {}\n", args.metrics);
      return 2;
    }
  }
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
  addDiagnosticOutputOptions(*cmd, args->output);
  cmd->callback([&run, args] { run = [args] { return runRun(*args); }; });
}

}  // namespace onb::cli
