// Fuzz target: engine snapshots and run checkpoints (what `onb run --state DIR` reads back
// from disk) on arbitrary bytes. restoreSnapshot and decodeCheckpoint must never crash or
// allocate without bound; a snapshot that restores must be a usable engine: it writes a
// snapshot that restores to the same bytes, and runs a smoke stream of events to the end.
//
// Input: one flags byte, then the bytes. Flags: bit 0 set, the features program (else the
// reference program); bit 1, the bytes are a checkpoint file wrapping the snapshot (else a
// bare snapshot); bit 2, load the bytes as they are (else the checksums are fixed up
// first, as an attacker could, so mutations reach the decoders).
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "runtime/engine/checkpoint.hpp"
#include "runtime/engine/hashing.hpp"
#include "runtime/engine/snapshot.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace onb::fuzz {
namespace {

constexpr size_t kCheckpointTrailer = 8;
constexpr size_t kSnapshotFixedHead = 8 + 4;  // magic, version; then str hash, u64, u64 sum

uint64_t readU32(const std::string& b, size_t at) {
  uint32_t v;
  std::memcpy(&v, b.data() + at, 4);
  return v;
}

// Rewrites the payload checksum of a snapshot whose header is intact enough to find it.
void fixSnapshotChecksum(std::string& bytes) {
  if (bytes.size() < kSnapshotFixedHead + 4) return;
  const uint64_t hashLength = readU32(bytes, kSnapshotFixedHead);
  const size_t sumAt = kSnapshotFixedHead + 4 + hashLength + 8;
  if (hashLength > bytes.size() || sumAt + 8 > bytes.size()) return;
  const uint64_t sum = engine::fnv1a(engine::kFnvBasis, std::string_view(bytes).substr(sumAt + 8));
  std::memcpy(bytes.data() + sumAt, &sum, 8);
}

void fixCheckpointChecksum(std::string& bytes) {
  if (bytes.size() < kCheckpointTrailer + 20) return;
  const size_t end = bytes.size() - kCheckpointTrailer;
  const uint64_t sum = engine::fnv1a(engine::kFnvBasis, std::string_view(bytes).substr(0, end));
  std::memcpy(bytes.data() + end, &sum, 8);
}

void useRestored(const bc::Program& program, EngineRun& run) {
  const std::string saved = engine::writeSnapshot(*run.engine);
  EngineRun again(program, {});
  std::string error;
  if (!engine::restoreSnapshot(*again.engine, saved, error)) fail("a re-written snapshot does not restore", error);
  if (engine::writeSnapshot(*again.engine) != saved) fail("a restored snapshot does not re-write to the same bytes");
  const std::vector<std::string> lines = smokeLines(program);
  uint64_t number = run.engine->stats().read;
  for (const std::string& line : lines) run.push(line, ++number);
  RunOptions options;
  options.until = 1'735'689'600'000 + 60 * 86'400'000LL;
  finishRun(run, program, options);
}

}  // namespace
}  // namespace onb::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace onb;
  using namespace onb::fuzz;
  if (size < 1 || size > (1 << 20)) return 0;
  const uint8_t flags = data[0];
  std::string bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  const bc::Program& program = fixedProgram(flags & 1 ? "features" : "reference");
  std::string snapshot;
  if (flags & 2) {
    if (!(flags & 4)) fixCheckpointChecksum(bytes);
    engine::Checkpoint checkpoint;
    std::string error;
    if (!engine::decodeCheckpoint(bytes, checkpoint, error)) return 0;
    (void)engine::resumeMismatch(checkpoint, "0.1.0", program, checkpoint.settings, checkpoint.input);
    if (engine::encodeCheckpoint(checkpoint) != bytes) fail("a decoded checkpoint does not re-encode to the same bytes");
    snapshot = std::move(checkpoint.snapshot);
  } else {
    if (!(flags & 4)) fixSnapshotChecksum(bytes);
    snapshot = std::move(bytes);
  }
  EngineRun run(program, {});
  std::string error;
  if (!engine::restoreSnapshot(*run.engine, snapshot, error)) {
    if (run.engine->users().size() != 0 || run.engine->stats().read != 0) fail("a failed restore left state behind");
    return 0;
  }
  useRestored(program, run);
  return 0;
}
