// What `onb run` prints at the end and the metrics file it writes, shared by the
// single-engine run and the threaded one (run_threads.hpp).
#pragma once

#include <cstdint>
#include <string>

#include <mutex>

#include "cli/progress.hpp"
#include "runtime/engine/engine.hpp"
#include "runtime/io/reject_log.hpp"

namespace onb::cli {

// Rejected lines to the reject log (stderr and --rejects). The first ones are shown on
// stderr, on a line of their own: the progress display, if any, is erased first. With
// `console` (a threaded run, whose progress is redrawn by another thread), both are done
// under that mutex.
class RejectAdapter final : public engine::RejectSink {
 public:
  explicit RejectAdapter(io::RejectLog& log, Progress* progress = nullptr, std::mutex* console = nullptr)
      : log_(log), progress_(progress), console_(console) {}
  void reject(uint64_t line, io::RejectClass cls, std::string_view reason) override {
    if (!progress_ || log_.count() >= io::RejectLog::kDefaultShown) return log_.report(line, cls, reason);
    std::unique_lock<std::mutex> lock;
    if (console_) lock = std::unique_lock(*console_);
    progress_->finish();
    log_.report(line, cls, reason);
  }
  void setProgress(Progress* progress) { progress_ = progress; }

 private:
  io::RejectLog& log_;
  Progress* progress_;
  std::mutex* console_;
};

// The summary on stderr: lines by class, records by kind, pending timers, users and state.
void printRunSummary(const engine::EngineStats& stats, uint64_t pendingTimers, uint64_t users, size_t blockBytes,
                     size_t userMemoryBytes);
// Writes the metrics JSON of section 11 to `path`; false (after a message) on failure.
bool writeMetricsFile(const std::string& path, const bc::Program& program, const engine::MetricsReport& report);

}  // namespace onb::cli
