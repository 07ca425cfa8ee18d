#include "cli/run_state.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <csignal>
#include <cstdlib>
#include <cstring>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "runtime/engine/snapshot.hpp"
#include "stdlib/civil_time.hpp"

namespace onb::cli {

namespace {

// In event-time mode: lines between looks at the clock.
constexpr uint64_t kTimeProbeLines = 1024;
constexpr const char* kFaultVariable = "ONB_FAULT_CHECKPOINT";
// `flushed`, then the stages of the atomic write (engine::WriteStage).
constexpr std::string_view kFaultStages[] = {"flushed", "partial", "written", "synced", "renamed", "durable"};

int64_t floorDiv(int64_t a, int64_t b) {  // b > 0
  const int64_t q = a / b;
  return (a % b != 0 && a < 0) ? q - 1 : q;
}

std::string parentDir(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? std::string("/") : path.substr(0, slash);
}

bool allDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

void complain(const std::string& message) { fmt::print(stderr, "onb run: {}\n", message); }

}  // namespace

void addStateOptions(CLI::App& cmd, StateArgs& args) {
  cmd.add_option("--state", args.dir,
                 "Checkpoint into this directory; run again with it to resume after a crash (needs an events file and -o)");
  cmd.add_option("--checkpoint-every", args.checkpointEvery,
                 "With --state: checkpoint every N input lines, or every D of event time such as 1h (default 100000 lines)");
}

bool RunState::parseEvery(const std::string& text) {
  if (text.empty()) return true;
  if (allDigits(text)) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), everyLines_);
    if (ec == std::errc() && end == text.data() + text.size() && everyLines_ > 0) return true;
  } else if (auto ms = civil::parseDurationArg(text); ms && *ms > 0) {
    everyMs_ = *ms;
    return true;
  }
  complain(fmt::format(
      "--checkpoint-every takes a number of input lines (100000) or a duration of event time (1h); got `{}`", text));
  return false;
}

bool RunState::parseFault() {
  const char* spec = std::getenv(kFaultVariable);
  if (!spec || !*spec) return true;
  const std::string_view text(spec);
  const size_t colon = text.find(':');
  if (colon != std::string_view::npos) {
    const std::string_view number = text.substr(0, colon);
    const std::string_view stage = text.substr(colon + 1);
    const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), faultSequence_);
    bool known = false;
    for (std::string_view s : kFaultStages) known = known || s == stage;
    if (ec == std::errc() && end == number.data() + number.size() && faultSequence_ > 0 && known) {
      faultStage_ = std::string(stage);
      return true;
    }
  }
  faultSequence_ = 0;
  complain(fmt::format("{} (a test hook) takes <checkpoint number>:<stage>, the stage one of flushed, partial, "
                       "written, synced, renamed, durable; got `{}`",
                       kFaultVariable, text));
  return false;
}

void RunState::faultPoint(uint64_t sequence, std::string_view stage) const {
  if (faultSequence_ == sequence && faultStage_ == stage) std::raise(SIGKILL);
}

RunState::Start RunState::start(const StateArgs& args, const std::string& events, const std::string& out,
                                const std::string& rejects, const bc::Program& program,
                                const engine::RunSettings& settings) {
  if (args.dir.empty()) {
    complain("--checkpoint-every needs --state DIR");
    return Start::Error;
  }
  if (!parseEvery(args.checkpointEvery) || !parseFault()) return Start::Error;
  if (events.empty() || events == "-") {
    complain("--state needs an events file: stdin cannot be read again to resume after a crash");
    return Start::Error;
  }
  if (out.empty() || out == "-") {
    complain("--state needs -o OUT: records written to stdout cannot be taken back to resume after a crash");
    return Start::Error;
  }
  std::string error;
  engine::InputIdentity input;
  if (!engine::identifyInput(events, input, error) || !store_.open(args.dir, error)) {
    complain(error);
    return Start::Error;
  }
  engine::Checkpoint loaded;
  switch (store_.load(loaded, error)) {
    case engine::CheckpointStore::Load::Missing:
      base_.onbVersion = kVersion;
      base_.programHash = program.sourceHash;
      base_.layout = engine::layoutFingerprint(program);
      base_.settings = settings;
      base_.input = input;
      return Start::Fresh;
    case engine::CheckpointStore::Load::Failed:
      complain(fmt::format("cannot resume: {}\n  (remove {} to start the run over)", error, args.dir));
      return Start::Error;
    case engine::CheckpointStore::Load::Loaded:
      break;
  }
  std::string why = engine::resumeMismatch(loaded, kVersion, program, settings, input);
  if (why.empty() && loaded.rejects.has_value() != !rejects.empty())
    why = loaded.rejects ? "the checkpoint was written with a rejects file, this run has none"
                         : "the checkpoint was written without a rejects file, this run has one";
  if (!why.empty()) {
    complain(fmt::format("cannot resume from {}: {}\n  (run with the same program, input and options, or remove {} "
                         "to start over)",
                         store_.path(), why, args.dir));
    return Start::Error;
  }
  base_ = std::move(loaded);
  base_.input = input;
  resume_ = true;
  if (base_.complete) return checkComplete(args.dir, out, rejects) ? Start::Complete : Start::Error;
  startOffset_ = base_.inputOffset;
  firstLine_ = base_.nextLine;
  fmt::print(stderr, "onb run: resuming from checkpoint {} in {}: line {} (byte {}) of {}, {} bytes of records\n",
             base_.sequence, args.dir, firstLine_, startOffset_, events, base_.records.length);
  return Start::Resume;
}

bool RunState::checkComplete(const std::string& dir, const std::string& out, const std::string& rejects) {
  auto check = [&](const std::string& path, engine::OutputMark mark) {
    mark.path = path;
    std::string error;
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    uint64_t size = 0;
    bool ok = fd >= 0 && engine::checkOutput(fd, mark, size, error);
    if (fd < 0) error = fmt::format("cannot open {}: {}", path, std::strerror(errno));
    if (ok && size != mark.length) {
      error = fmt::format("{} has {} bytes, the run wrote {}: it was modified since", path, size, mark.length);
      ok = false;
    }
    if (fd >= 0) ::close(fd);
    if (!ok) complain(fmt::format("the run in {} is complete, but {}\n  (remove {} to run again)", dir, error, dir));
    return ok;
  };
  if (!check(out, base_.records) || (base_.rejects && !check(rejects, *base_.rejects))) return false;
  fmt::print(stderr, "onb run: already complete: {} holds a finished run (checkpoint {}) and {} its {} bytes of records; "
             "nothing to do\n", dir, base_.sequence, out, base_.records.length);
  return true;
}

io::LineReader::Options RunState::readerOptions() const {
  io::LineReader::Options options;
  options.startOffset = startOffset_;
  options.firstLine = firstLine_;
  return options;
}

std::unique_ptr<io::RecordWriter> RunState::openOutput(const std::string& path,
                                                       const std::optional<engine::OutputMark>& mark, Output& out,
                                                       std::string& error) {
  // Read and write: a checkpoint reads back the bytes just before the position it records
  // (engine::markOutput), and a resume checks them.
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    error = fmt::format("cannot create {}: {}", path, std::strerror(errno));
    return nullptr;
  }
  struct stat st;
  bool ok = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
  if (!ok) error = path + " is not a regular file: --state writes to a file it can cut back to a checkpoint";
  if (ok && mark) {
    engine::OutputMark here = *mark;
    here.path = path;
    ok = engine::rewindOutput(fd, here, error);
    out.base = here.length;
  } else if (ok) {
    ok = ::ftruncate(fd, 0) == 0;
    if (!ok) error = fmt::format("cannot truncate {}: {}", path, std::strerror(errno));
    // A new file's directory entry must be durable before a checkpoint refers to it.
    ok = ok && engine::syncDirectory(parentDir(path), error);
    out.base = 0;
  }
  if (!ok) {
    ::close(fd);
    return nullptr;
  }
  out.fd = fd;
  out.path = path;
  auto writer = std::make_unique<io::RecordWriter>(fd, true);
  out.writer = writer.get();
  return writer;
}

std::unique_ptr<io::RecordWriter> RunState::openRecords(const std::string& path, std::string& error) {
  return openOutput(path, resume_ ? std::optional(base_.records) : std::nullopt, records_, error);
}

bool RunState::openRejects(const std::string& path, io::RejectLog& log, std::string& error) {
  std::unique_ptr<io::RecordWriter> writer = openOutput(path, resume_ ? base_.rejects : std::nullopt, rejects_, error);
  if (!writer) return false;
  log.setWriter(std::move(writer), path);
  return true;
}

bool RunState::restore(engine::Engine& engine, std::string& error) {
  if (!resume_) return true;
  const bool ok = engine::restoreSnapshot(engine, base_.snapshot, error);
  base_.snapshot = std::string();  // the memory goes back; the next checkpoint writes a new one
  if (!ok) error = fmt::format("cannot restore the engine from {}: {}", store_.path(), error);
  return ok;
}

uint64_t RunState::pauseEvery() const { return everyMs_ > 0 ? kTimeProbeLines : everyLines_; }

bool RunState::pause(const engine::Engine& engine, const io::LineReader& reader, uint64_t linesPushed) {
  if (everyMs_ > 0) {
    if (!engine.hasWatermark()) return true;
    const int64_t now = engine.maxTimestamp();
    const int64_t next = (floorDiv(now, everyMs_) + 1) * everyMs_;  // the next boundary of the interval
    const bool due = nextDue_ && now >= *nextDue_;
    if (!nextDue_ || due) nextDue_ = next;
    if (!due) return true;
  } else if (linesPushed - lastLines_ < everyLines_) {
    return true;
  }
  lastLines_ = linesPushed;
  return checkpoint(&engine, reader, linesPushed);
}

bool RunState::finish(const io::LineReader& reader, uint64_t linesPushed, const std::string& metrics) {
  // The metrics file is written whole at the end (from the engine state, which covers
  // the whole run after a resume too); it must be on disk before the checkpoint that
  // says the run is complete, since a complete run is never redone.
  if (!metrics.empty()) {
    const int fd = ::open(metrics.c_str(), O_RDONLY | O_CLOEXEC);
    std::string error;
    if (fd < 0 || ::fsync(fd) != 0) error = fmt::format("cannot sync {}: {}", metrics, std::strerror(errno));
    if (fd >= 0) ::close(fd);
    if (error.empty()) engine::syncDirectory(parentDir(metrics), error);
    if (!error.empty()) {
      complain(fmt::format("cannot write the final checkpoint to {}: {}", store_.path(), error));
      return false;
    }
  }
  return checkpoint(nullptr, reader, linesPushed);
}

bool RunState::syncOutput(Output& out, engine::OutputMark& mark, std::string& error) {
  if (!out.writer->flush()) {
    error = fmt::format("writing {}: {}", out.path, out.writer->error());
    return false;
  }
  if (::fdatasync(out.fd) != 0) {  // the data and the file size: what a resume needs
    error = fmt::format("cannot sync {}: {}", out.path, std::strerror(errno));
    return false;
  }
  const uint64_t length = out.base + out.writer->bytesWritten();
  struct stat st;
  if (::fstat(out.fd, &st) != 0 || static_cast<uint64_t>(st.st_size) != length) {
    error = fmt::format("{} does not have the {} bytes the run wrote: another process changed it", out.path, length);
    return false;
  }
  return engine::markOutput(out.fd, out.path, length, mark, error);
}

bool RunState::checkpoint(const engine::Engine* engine, const io::LineReader& reader, uint64_t linesPushed) {
  const uint64_t sequence = base_.sequence + 1;
  std::string error;
  auto fail = [&] {
    complain(fmt::format("cannot write checkpoint {} to {}: {}", sequence, store_.path(), error));
    failed_ = true;
    return false;
  };
  engine::OutputMark records;
  engine::OutputMark rejects;
  if (!syncOutput(records_, records, error) || (rejects_.writer && !syncOutput(rejects_, rejects, error))) return fail();
  faultPoint(sequence, kFaultStages[0]);
  engine::Checkpoint& c = base_;
  c.sequence = sequence;
  c.complete = engine == nullptr;
  c.inputOffset = reader.bytesConsumed();
  c.nextLine = firstLine_ + linesPushed;
  c.records = records;
  c.rejects.reset();
  if (rejects_.writer) c.rejects = rejects;
  if (engine) c.snapshot = engine::writeSnapshot(*engine);
  engine::StageHook hook;
  if (faultSequence_ == sequence)
    hook = [this, sequence](engine::WriteStage stage) { faultPoint(sequence, engine::writeStageName(stage)); };
  const bool ok = store_.save(c, error, hook);
  c.snapshot = std::string();
  return ok || fail();
}

}  // namespace onb::cli
