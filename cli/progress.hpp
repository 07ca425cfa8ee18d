// Progress of a long run on stderr, for people watching a terminal: bytes read of the
// total, events per second, elapsed time and an estimate of the time left, redrawn in
// place (`\r`) at most four times a second. Nothing is shown when stderr is not a
// terminal (logs and pipes stay clean), when disabled (`--quiet`), or for runs that end
// within half a second.
//
// Driven from the run loop's pause callback (StreamRunner::run with kCheckEveryLines):
//
//   Progress progress(reader, !args.quiet && Progress::stderrIsTerminal());
//   runner.run(reader, progress.checkEvery(), [&](uint64_t lines) { progress.update(lines); return true; });
//   progress.finish();  // erases the line before the summary
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

namespace onb::io {
class LineReader;
}

namespace onb::cli {

// One measurement, and the line that shows it (a pure function, for tests).
struct ProgressSample {
  uint64_t bytes = 0;                 // read so far (compressed input: file bytes)
  std::optional<uint64_t> totalBytes;  // unknown for stdin and pipes
  uint64_t startBytes = 0;            // `bytes` when the run started (a resumed run skips ahead)
  bool compressed = false;
  uint64_t lines = 0;                 // input lines (events) taken so far
  double elapsedSeconds = 0;
};
std::string progressLine(const ProgressSample& sample);

class Progress {
 public:
  // Lines between two looks at the clock: a few milliseconds of work.
  static constexpr uint64_t kCheckEveryLines = 65536;

  Progress(const io::LineReader& reader, bool enabled, std::FILE* out = stderr);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  static bool stderrIsTerminal();

  bool enabled() const { return enabled_; }
  // For StreamRunner::run: kCheckEveryLines when enabled, else 0 (no pause callback needed).
  uint64_t checkEvery() const { return enabled_ ? kCheckEveryLines : 0; }
  // Redraws when enough time has passed since the last draw.
  void update(uint64_t lines);
  // Erases the progress line, if one was drawn. Idempotent.
  void finish();

 private:
  using Clock = std::chrono::steady_clock;
  const io::LineReader& reader_;
  uint64_t bytesRead() const;

  bool enabled_;
  std::FILE* out_;
  Clock::time_point start_;
  Clock::time_point lastDraw_;
  uint64_t startBytes_ = 0;
  bool drawn_ = false;
};

}  // namespace onb::cli
