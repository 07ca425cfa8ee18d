#include "cli/run_threads.hpp"

#include <memory>
#include <mutex>

#include <fmt/format.h>

#include "cli/progress.hpp"
#include "cli/run_summary.hpp"
#include "runtime/engine/parallel_runner.hpp"
#include "runtime/io/line_reader.hpp"
#include "runtime/io/record_writer.hpp"
#include "runtime/io/reject_log.hpp"

namespace onb::cli {

int runThreaded(const bc::Program& program, const ThreadedRun& run) {
  io::LineReader reader;
  if (!reader.open(run.events)) {
    fmt::print(stderr, "onb run: {}\n", reader.error());
    return 2;
  }
  std::unique_ptr<io::RecordWriter> writer;
  if (run.out.empty() || run.out == "-") {
    writer = std::make_unique<io::RecordWriter>();
  } else {
    std::string error;
    writer = io::RecordWriter::openFile(run.out, error);
    if (!writer) {
      fmt::print(stderr, "onb run: {}\n", error);
      return 2;
    }
  }
  io::RejectLog rejectLog(stderr);
  if (!run.rejects.empty() && !rejectLog.openFile(run.rejects)) {
    fmt::print(stderr, "onb run: {}\n", rejectLog.error());
    return 2;
  }
  Progress progress(reader, run.progress);
  std::mutex console;
  RejectAdapter rejects(rejectLog, &progress, &console);
  engine::ParallelRunner runner(program, run.options, run.threads);
  const bool read = runner.run(reader, *writer, &rejects, run.until, [&](uint64_t lines) {
    std::lock_guard lock(console);
    progress.update(lines);
  });
  progress.finish();
  if (!read) {
    fmt::print(stderr, "onb run: {}\n", reader.error());
    return 2;
  }
  const bool written = writer->flush();
  rejectLog.finish();
  if (!written) {
    fmt::print(stderr, "onb run: writing records: {}\n", writer->error());
    return 2;
  }
  printRunSummary(runner.stats(), runner.pendingTimers(), runner.users(), runner.engine(0).users().blockBytes(),
                  runner.userMemoryBytes());
  if (!run.metrics.empty()) {
    const int64_t end = run.until ? *run.until : runner.maxTimestamp();
    if (!writeMetricsFile(run.metrics, program, runner.metricsReport(end))) return 2;
  }
  return 0;
}

}  // namespace onb::cli
