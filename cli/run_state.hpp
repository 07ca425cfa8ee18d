// Durable state for onb run (`--state DIR`, `--checkpoint-every N|D`): checkpoints the run
// at pauses of the StreamRunner and resumes a killed run from its last checkpoint, so that
// OUT ends up byte-identical to an uninterrupted run's (docs/reliability.md). The format
// and the atomic write are runtime/engine/checkpoint.hpp; this is the CLI's side: the
// options, opening the input and outputs at the checkpointed positions, when to
// checkpoint, and a test-only fault hook.
//
// Test-only fault hook: with ONB_FAULT_CHECKPOINT=<k>:<stage> in the environment, the
// process kills itself (SIGKILL) while writing checkpoint number k, at <stage>: `flushed`
// (outputs flushed and synced, the checkpoint not yet written), `partial` (the temporary
// file half written), `written` (before its fsync), `synced` (before the rename),
// `renamed` (before the directory fsync) or `durable` (just after the write). Crash tests
// use it; it has no other purpose.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "runtime/engine/checkpoint.hpp"
#include "runtime/engine/engine.hpp"
#include "runtime/io/line_reader.hpp"
#include "runtime/io/record_writer.hpp"
#include "runtime/io/reject_log.hpp"

namespace CLI {
class App;
}

namespace onb::cli {

struct StateArgs {
  std::string dir;              // --state
  std::string checkpointEvery;  // --checkpoint-every: lines (a bare integer) or a duration of event time
};

void addStateOptions(CLI::App& cmd, StateArgs& args);

class RunState {
 public:
  static constexpr uint64_t kDefaultEveryLines = 100'000;

  // How a run with --state starts.
  enum class Start : uint8_t { Fresh, Resume, Complete, Error };

  // Checks the arguments (an events file, not stdin; an OUT file, not stdout), opens and
  // locks DIR and reads its checkpoint, which must be of this program, settings and
  // input. `rejects` is the rejects file, empty when none. Complete: the checkpoint says
  // the run finished and OUT still holds its output (a message was printed).
  // Error: a message was printed; exit 2.
  Start start(const StateArgs& args, const std::string& events, const std::string& out, const std::string& rejects,
              const bc::Program& program, const engine::RunSettings& settings);

  // Where to read: the start, or the checkpointed position.
  io::LineReader::Options readerOptions() const;
  // Creates OUT (fresh) or checks and truncates it to the checkpointed length (resume).
  std::unique_ptr<io::RecordWriter> openRecords(const std::string& path, std::string& error);
  // The same for the rejects file, installed in `log`.
  bool openRejects(const std::string& path, io::RejectLog& log, std::string& error);
  // Resume: loads the checkpoint's snapshot into the fresh `engine`.
  bool restore(engine::Engine& engine, std::string& error);

  // For StreamRunner::run: lines between pauses, and the pause itself, which writes a
  // checkpoint when one is due. It returns false (stop) when a checkpoint cannot be
  // written; failed() is then true and a message was printed.
  uint64_t pauseEvery() const;
  bool pause(const engine::Engine& engine, const io::LineReader& reader, uint64_t linesPushed);
  bool failed() const { return failed_; }

  // At the clean end of the run (after Engine::finish and writing the metrics file
  // `metrics`, empty when none): syncs the metrics file, then writes the final
  // checkpoint, marked complete. False (message printed) when it cannot.
  bool finish(const io::LineReader& reader, uint64_t linesPushed, const std::string& metrics);

 private:
  struct Output {
    int fd = -1;  // owned by the writer
    std::string path;
    uint64_t base = 0;  // the file's length when the writer was made
    io::RecordWriter* writer = nullptr;
  };
  bool parseEvery(const std::string& text);
  bool parseFault();
  std::unique_ptr<io::RecordWriter> openOutput(const std::string& path, const std::optional<engine::OutputMark>& mark,
                                               Output& out, std::string& error);
  bool syncOutput(Output& out, engine::OutputMark& mark, std::string& error);
  // Flushes and syncs the outputs, then writes the next checkpoint (complete when
  // `engine` is null: the run finished).
  bool checkpoint(const engine::Engine* engine, const io::LineReader& reader, uint64_t linesPushed);
  bool checkComplete(const std::string& dir, const std::string& out, const std::string& rejects);
  void faultPoint(uint64_t sequence, std::string_view stage) const;

  engine::CheckpointStore store_;
  engine::Checkpoint base_;  // the identity fields, and the last checkpoint's positions on resume
  bool resume_ = false;
  uint64_t startOffset_ = 0;  // where this process started reading
  uint64_t firstLine_ = 1;
  Output records_;
  Output rejects_;
  uint64_t everyLines_ = kDefaultEveryLines;
  int64_t everyMs_ = 0;  // > 0: checkpoint every this much event time instead
  uint64_t lastLines_ = 0;                // linesPushed at the last checkpoint
  std::optional<int64_t> nextDue_;        // event-time mode: the next boundary
  uint64_t faultSequence_ = 0;            // 0: no fault hook
  std::string faultStage_;
  bool failed_ = false;
};

}  // namespace onb::cli
