// Checkpoints of a run (`onb run --state DIR`): the engine's whole state (a snapshot,
// snapshot.hpp) together with how far the run got in its input and its outputs, written
// atomically, so that a run killed at any moment resumes from its last checkpoint and its
// output ends up byte-identical to an uninterrupted run's (docs/reliability.md).
//
// File format, version 1 (little-endian, byte_io.hpp encoding; `str` is u32 length +
// bytes):
//
//   header   8 bytes "ONBCKPT1", u32 format version, u64 body length
//   body     str  onb version that wrote it
//            u64  sequence number (1 for a run's first checkpoint, +1 for each one after)
//            flag complete (the run finished; the snapshot is then empty)
//            str  program source hash; u64 program state layout fingerprint
//            settings: i64 lateness ms, i64 dedup window ms, flag explain, flag metrics,
//                      flag has until, i64 until
//            input:    str path, u64 size, u64 device, u64 inode, u64 hash of the first
//                      64 KiB, u64 hash of the last 64 KiB
//            u64  input offset (bytes consumed: where reading resumes), u64 next line number
//            records output: str path, u64 length, u64 hash of the 4 KiB before the length
//            flag has rejects output; when set, the same three fields for it
//            u64  snapshot length, then the snapshot bytes
//   trailer  u64 FNV-1a 64 of the header and the body
//
// Everything is validated before use: a truncated or corrupted file is refused with a
// message saying so, never undefined behaviour. A checkpoint of another format version,
// onb version, program, setting or input file is refused, not migrated.
//
// Version history: 1, the first.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "runtime/bytecode/program.hpp"

namespace onb::engine {

inline constexpr uint32_t kCheckpointVersion = 1;

// The run settings that change what the engine writes: a resumed run must use the same.
struct RunSettings {
  int64_t latenessMs = 0;
  int64_t dedupWindowMs = 0;
  bool explain = false;
  bool metrics = false;
  std::optional<int64_t> until;
};

// An input file, identified by its content: its size and hashes of its first and last
// 64 KiB (of the file's bytes, compressed or not). The path, device and inode are kept to
// name it in messages; a copy of the same file elsewhere is the same input.
struct InputIdentity {
  std::string path;
  uint64_t size = 0;
  uint64_t device = 0;
  uint64_t inode = 0;
  uint64_t headHash = 0;
  uint64_t tailHash = 0;
};

// Identifies `path`, which must be a regular file. False (and `error`) otherwise.
bool identifyInput(const std::string& path, InputIdentity& out, std::string& error);

// A position in an output file the run appends to, with a hash of the (up to) 4 KiB just
// before it, so that a resumed run notices an output file replaced or edited meanwhile.
struct OutputMark {
  std::string path;
  uint64_t length = 0;
  uint64_t tailHash = 0;
};

// Marks the first `length` bytes of the open file `fd`, which must be open for reading
// (O_RDWR for an output) and hold at least that many: reads back the (up to) 4 KiB
// before `length` and hashes them. Only those bytes are read, whatever the length.
bool markOutput(int fd, const std::string& path, uint64_t length, OutputMark& out, std::string& error);

// Checks that the open file `fd` still begins with what `mark` describes: at least
// mark.length bytes, the same bytes before that. False (and `error`) when it is shorter
// or differs. Sets `size` to the file's size.
bool checkOutput(int fd, const OutputMark& mark, uint64_t& size, std::string& error);

// checkOutput(), then truncates the file to mark.length and moves its offset there.
bool rewindOutput(int fd, const OutputMark& mark, std::string& error);

struct Checkpoint {
  std::string onbVersion;
  uint64_t sequence = 0;
  bool complete = false;
  std::string programHash;
  uint64_t layout = 0;
  RunSettings settings;
  InputIdentity input;
  uint64_t inputOffset = 0;  // LineReader::Options::startOffset of a resumed run
  uint64_t nextLine = 1;     // LineReader::Options::firstLine of a resumed run
  OutputMark records;
  std::optional<OutputMark> rejects;
  std::string snapshot;  // writeSnapshot(); empty in a complete checkpoint
};

// The whole file, as one string.
std::string encodeCheckpoint(const Checkpoint& checkpoint);

// Parses and verifies a checkpoint file's bytes (taken by value: the snapshot is cut out
// of them in place). False (and `error`) on anything but a valid version 1 checkpoint.
bool decodeCheckpoint(std::string bytes, Checkpoint& out, std::string& error);

// Why a run of `program` with `settings` over `input` (by onb `onbVersion`) cannot
// resume from `checkpoint`, naming what differs; empty when it can.
std::string resumeMismatch(const Checkpoint& checkpoint, std::string_view onbVersion, const bc::Program& program,
                           const RunSettings& settings, const InputIdentity& input);

// The steps of an atomic file write, for a test hook that stops the process there.
enum class WriteStage : uint8_t {
  Partial,  // the temporary file is partly written
  Written,  // the temporary file is written, not yet synced
  Synced,   // the temporary file is synced, not yet renamed over the target
  Renamed,  // renamed, the directory not yet synced
  Durable,  // the directory is synced: the write is complete
};
std::string_view writeStageName(WriteStage stage);
using StageHook = std::function<void(WriteStage)>;

// Replaces `dir`/`name` with the concatenation of `pieces`, atomically and durably: writes
// `name`.tmp in `dir`, fsyncs it, renames it over `name` and fsyncs `dir`. After a crash
// at any point the file holds either its old content or the new one, entirely.
bool writeFileAtomically(const std::string& dir, const std::string& name, std::initializer_list<std::string_view> pieces,
                         std::string& error, const StageHook& hook = {});

// fsync()s the directory `dir` (after creating or renaming a file in it).
bool syncDirectory(const std::string& dir, std::string& error);

// The checkpoint of a state directory: DIR/checkpoint, replaced atomically, and DIR/lock,
// locked while a run uses the directory (so that two runs never share one).
class CheckpointStore {
 public:
  CheckpointStore() = default;
  ~CheckpointStore();
  CheckpointStore(const CheckpointStore&) = delete;
  CheckpointStore& operator=(const CheckpointStore&) = delete;

  // Creates `dir` if needed (not its parents) and locks it. False (and `error`) when it
  // cannot, or when another process holds the lock.
  bool open(const std::string& dir, std::string& error);

  enum class Load : uint8_t { Missing, Loaded, Failed };
  // Reads and verifies the checkpoint: Missing when there is none yet, Failed (and
  // `error`) when it is unreadable or invalid.
  Load load(Checkpoint& out, std::string& error) const;

  // Replaces the checkpoint atomically (writeFileAtomically), without copying the snapshot.
  bool save(const Checkpoint& checkpoint, std::string& error, const StageHook& hook = {}) const;

  std::string path() const { return dir_ + "/checkpoint"; }

 private:
  std::string dir_;
  int lockFd_ = -1;
};

}  // namespace onb::engine
