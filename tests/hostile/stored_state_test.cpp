// Hostile bytes where onb reads back what it stored: compiled artifacts (.onbc), engine
// snapshots, and the checkpoint of a state directory (`onb run --state DIR`). Every
// truncation and corruption is refused with a clear error, never undefined behaviour;
// a corrupted checkpoint leaves the engine fresh.
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "compiler/driver/compilation.hpp"
#include "hostile_support.hpp"
#include "runtime/bytecode/artifact.hpp"
#include "runtime/engine/checkpoint.hpp"
#include "runtime/engine/engine.hpp"
#include "runtime/engine/snapshot.hpp"
#include "runtime/io/event_decoder.hpp"

namespace onb::hostile {
namespace {

namespace fs = std::filesystem;

std::string hostileArtifact() { return hostileProgram().artifact(); }

TEST(HostileStoredState, TruncatedArtifactsAreRefused) {
  const std::string artifact = hostileArtifact();
  ASSERT_TRUE(Program::loadArtifact(artifact).ok());
  for (size_t n = 0; n < artifact.size(); ++n) {
    const Result<Program> loaded = Program::loadArtifact(std::string_view(artifact).substr(0, n));
    ASSERT_FALSE(loaded.ok()) << n;
    EXPECT_EQ(loaded.error().message.rfind("invalid artifact: ", 0), 0u) << loaded.error().message;
  }
  const Result<Program> longer = Program::loadArtifact(artifact + '\0');
  ASSERT_FALSE(longer.ok());
}

TEST(HostileStoredState, CorruptedArtifactsAreRefusedOrSafe) {
  const std::string artifact = hostileArtifact();
  std::mt19937 rng(7);
  int refused = 0, accepted = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string bytes = artifact;
    const int flips = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < flips; ++k) bytes[rng() % bytes.size()] ^= static_cast<char>(1 + rng() % 255);
    // As written, any change is a checksum mismatch...
    const Result<Program> raw = Program::loadArtifact(bytes);
    if (bytes != artifact) {
      ASSERT_FALSE(raw.ok());
    }
    // ...and with the checksum fixed (a deliberate forgery) the loader and verifier
    // refuse it, or it is a program that runs safely.
    const uint64_t sum = bc::artifactChecksum(bytes);
    std::memcpy(bytes.data() + bc::kArtifactChecksumOffset, &sum, 8);
    const Result<Program> forged = Program::loadArtifact(bytes);
    if (!forged.ok()) {
      ++refused;
      continue;
    }
    ++accepted;
    Engine engine(forged.value());
    engine.push(track("u", "Note", kStart, R"({"s":"x","n":1})"));
    engine.push(track("u", "Tick", kStart + 1, R"({"x":3})"));
    engine.finish(kStart + 30 * kDay);
  }
  EXPECT_GT(refused, 0);
  std::printf("[ artifacts ] %d forged artifacts refused, %d accepted and run\n", refused, accepted);
}

// An engine of the hostile program with some state, and its snapshot.
struct Snapshotted {
  std::string source = kProgram;
  std::unique_ptr<Compilation> compiled = compileProgram("hostile.onb", &source);
  const bc::Program& program() const { return *compiled->program; }
  struct Sink final : engine::RecordSink {
    void record(const engine::Record&) override {}
  } sink;

  std::string snapshot() {
    engine::Engine e(program(), {}, sink);
    io::EventDecoder decoder(program().schema);
    io::DecodedEvent event;
    for (int i = 0; i < 50; ++i) {
      decoder.decode(track("u" + std::to_string(i % 7), i % 2 ? "Burst" : "Note", kStart + i * kHour, "", "m" + std::to_string(i)),
                     static_cast<uint64_t>(i + 1), event);
      e.push(event);
    }
    return engine::writeSnapshot(e);
  }
};

TEST(HostileStoredState, TruncatedAndCorruptedSnapshotsAreRefused) {
  Snapshotted s;
  const std::string snapshot = s.snapshot();
  std::string error;
  {
    engine::Engine e(s.program(), {}, s.sink);
    ASSERT_TRUE(engine::restoreSnapshot(e, snapshot, error)) << error;
  }
  for (size_t n = 0; n < snapshot.size(); n += 1 + n / 64) {
    engine::Engine e(s.program(), {}, s.sink);
    ASSERT_FALSE(engine::restoreSnapshot(e, std::string_view(snapshot).substr(0, n), error)) << n;
    EXPECT_FALSE(error.empty());
    EXPECT_EQ(e.users().size(), 0u);
  }
  std::mt19937 rng(11);
  for (int round = 0; round < 500; ++round) {
    std::string bytes = snapshot;
    bytes[rng() % bytes.size()] ^= static_cast<char>(1 + rng() % 255);
    engine::Engine e(s.program(), {}, s.sink);
    EXPECT_FALSE(engine::restoreSnapshot(e, bytes, error));
    EXPECT_EQ(e.users().size(), 0u);
  }
}

TEST(HostileStoredState, CorruptedCheckpointInAStateDirectory) {
  Snapshotted s;
  const fs::path dir = fs::temp_directory_path() / ("onb-hostile-state-" + std::to_string(getpid()));
  fs::remove_all(dir);
  std::string error;
  engine::Checkpoint checkpoint;
  checkpoint.onbVersion = "0.1.0";
  checkpoint.sequence = 3;
  checkpoint.programHash = s.program().sourceHash;
  checkpoint.layout = engine::layoutFingerprint(s.program());
  checkpoint.input.path = "events.jsonl";
  checkpoint.inputOffset = 1234;
  checkpoint.nextLine = 51;
  checkpoint.records.path = "records.jsonl";
  checkpoint.snapshot = s.snapshot();
  const std::string good = engine::encodeCheckpoint(checkpoint);
  const auto loadWith = [&](const std::string& bytes) {
    std::ofstream(dir / "checkpoint", std::ios::binary | std::ios::trunc) << bytes;
    engine::CheckpointStore store;
    EXPECT_TRUE(store.open(dir.string(), error)) << error;
    engine::Checkpoint out;
    error.clear();
    return store.load(out, error);
  };
  {
    engine::CheckpointStore store;
    ASSERT_TRUE(store.open(dir.string(), error)) << error;
    engine::Checkpoint out;
    EXPECT_EQ(store.load(out, error), engine::CheckpointStore::Load::Missing);
  }
  EXPECT_EQ(loadWith(good), engine::CheckpointStore::Load::Loaded) << error;
  for (const std::string& bad : {std::string(), std::string("garbage"), good.substr(0, good.size() / 2),
                                 good.substr(0, good.size() - 1), good + "x"}) {
    EXPECT_EQ(loadWith(bad), engine::CheckpointStore::Load::Failed);
    EXPECT_NE(error.find("checkpoint"), std::string::npos) << error;
  }
  std::mt19937 rng(5);
  for (int round = 0; round < 200; ++round) {
    std::string bytes = good;
    bytes[rng() % bytes.size()] ^= static_cast<char>(1 + rng() % 255);
    EXPECT_EQ(loadWith(bytes), engine::CheckpointStore::Load::Failed);
    EXPECT_FALSE(error.empty());
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace onb::hostile
