// Checkpoints (onb run --state): the file format round-trips; a truncated, corrupted or
// foreign checkpoint is refused with a clear message and never crashes; another program,
// setting or input file is refused; an output file cut shorter or edited since the
// checkpoint is refused; an output is marked only once its writer has flushed it; an
// atomic write interrupted at any stage leaves the old file or the new one, whole.
#include "runtime/engine/checkpoint.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>

#include "runtime/bytecode/byte_io.hpp"
#include "runtime/engine/hashing.hpp"
#include "runtime/engine/snapshot.hpp"
#include "runtime/io/record_writer.hpp"
#include "tests/unit/runtime/runtime_test_support.hpp"

namespace onb::testing {
namespace {

namespace fs = std::filesystem;

const char* const kProgram = "event e\njourney j { enter when e rule r { when e emit \"x\" } }\n";
const char* const kOtherProgram = "event e\njourney k { enter when e rule r { when e emit \"y\" } }\n";
const char* const kLine = R"({"type":"track","userId":"u","event":"e","timestamp":"2025-01-01T00:00:00Z"})";

// A fresh directory under the build tree, removed at the end of the test.
struct TempDir {
  TempDir() {
    path = fs::path(ONB_BINARY_DIR) / "checkpoint_test" /
           (std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "." +
            std::to_string(::getpid()));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  std::string file(const std::string& name) const { return (path / name).string(); }
  fs::path path;
};

void writeText(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

std::string readText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// A checkpoint of `program` after one event, with plausible positions.
engine::Checkpoint sampleCheckpoint(const bc::Program& program) {
  Harness h(program);
  h.push(kLine, 1);
  engine::Checkpoint c;
  c.onbVersion = "9.9.9";
  c.sequence = 3;
  c.programHash = program.sourceHash;
  c.layout = engine::layoutFingerprint(program);
  c.settings.latenessMs = 3'600'000;
  c.settings.dedupWindowMs = 86'400'000;
  c.settings.metrics = true;
  c.settings.until = 1'735'689'600'000;
  c.input = {"events.jsonl", 1234, 7, 99, 0x1111, 0x2222};
  c.inputOffset = 1000;
  c.nextLine = 12;
  c.records = {"out.jsonl", 555, 0x3333};
  c.rejects = engine::OutputMark{"rejects.jsonl", 66, 0x4444};
  c.snapshot = engine::writeSnapshot(h.engine);
  return c;
}

bool decode(const std::string& bytes, std::string& error) {
  engine::Checkpoint out;
  return engine::decodeCheckpoint(bytes, out, error);
}

TEST(Checkpoint, RoundTrips) {
  auto p = compileOrDie(kProgram);
  ASSERT_TRUE(p);
  const engine::Checkpoint c = sampleCheckpoint(*p);
  engine::Checkpoint back;
  std::string error;
  ASSERT_TRUE(engine::decodeCheckpoint(engine::encodeCheckpoint(c), back, error)) << error;
  EXPECT_EQ(back.onbVersion, c.onbVersion);
  EXPECT_EQ(back.sequence, 3u);
  EXPECT_FALSE(back.complete);
  EXPECT_EQ(back.programHash, c.programHash);
  EXPECT_EQ(back.layout, c.layout);
  EXPECT_EQ(back.settings.latenessMs, c.settings.latenessMs);
  EXPECT_EQ(back.settings.until, c.settings.until);
  EXPECT_TRUE(back.settings.metrics);
  EXPECT_EQ(back.input.path, "events.jsonl");
  EXPECT_EQ(back.input.tailHash, 0x2222u);
  EXPECT_EQ(back.inputOffset, 1000u);
  EXPECT_EQ(back.nextLine, 12u);
  EXPECT_EQ(back.records.length, 555u);
  ASSERT_TRUE(back.rejects.has_value());
  EXPECT_EQ(back.rejects->tailHash, 0x4444u);
  EXPECT_EQ(back.snapshot, c.snapshot);
  // The snapshot restores into a fresh engine.
  Harness h(*p);
  EXPECT_TRUE(engine::restoreSnapshot(h.engine, back.snapshot, error)) << error;

  engine::Checkpoint done = c;
  done.complete = true;
  done.snapshot.clear();
  done.rejects.reset();
  ASSERT_TRUE(engine::decodeCheckpoint(engine::encodeCheckpoint(done), back, error)) << error;
  EXPECT_TRUE(back.complete);
  EXPECT_FALSE(back.rejects.has_value());
  EXPECT_TRUE(back.snapshot.empty());
}

TEST(Checkpoint, EveryTruncationIsRefused) {
  auto p = compileOrDie(kProgram);
  ASSERT_TRUE(p);
  const std::string bytes = engine::encodeCheckpoint(sampleCheckpoint(*p));
  for (size_t cut = 0; cut < bytes.size(); ++cut) {
    std::string error;
    ASSERT_FALSE(decode(bytes.substr(0, cut), error)) << "cut at " << cut;
    if (cut < 8)
      EXPECT_EQ(error, "not an onb checkpoint file") << cut;
    else
      EXPECT_NE(error.find("truncated"), std::string::npos) << "cut at " << cut << ": " << error;
  }
  std::string error;
  EXPECT_FALSE(decode(bytes + "x", error));
  EXPECT_NE(error.find("unexpected bytes"), std::string::npos) << error;
}

TEST(Checkpoint, EveryCorruptedByteIsRefused) {
  auto p = compileOrDie(kProgram);
  ASSERT_TRUE(p);
  const std::string bytes = engine::encodeCheckpoint(sampleCheckpoint(*p));
  for (size_t at = 0; at < bytes.size(); ++at) {
    std::string bad = bytes;
    bad[at] = static_cast<char>(bad[at] ^ 0x5A);
    std::string error;
    ASSERT_FALSE(decode(bad, error)) << "flipped byte " << at;
    EXPECT_FALSE(error.empty());
    if (at >= 20 + 8) {
      EXPECT_NE(error.find("checksum"), std::string::npos) << "byte " << at << ": " << error;
    }
  }
  std::string bad = bytes;
  bad[8] = 2;  // format version 2
  std::string error;
  EXPECT_FALSE(decode(bad, error));
  EXPECT_NE(error.find("format version 2"), std::string::npos) << error;
}

// Bodies of random bytes behind a valid header and checksum: the parser refuses them (or
// reads them) without undefined behaviour.
TEST(Checkpoint, RandomBodiesNeverCrash) {
  std::mt19937_64 random(11);
  for (int round = 0; round < 3000; ++round) {
    std::string body(random() % 400, '\0');
    for (char& b : body) b = static_cast<char>(random() % 4 == 0 ? random() : random() % 3);
    bc::ByteWriter w;
    w.bytes("ONBCKPT1", 8);
    w.u32(engine::kCheckpointVersion);
    w.u64(body.size());
    w.bytes(body.data(), body.size());
    w.u64(engine::fnv1a(engine::kFnvBasis, w.buffer()));
    std::string error;
    engine::Checkpoint out;
    if (!engine::decodeCheckpoint(w.buffer(), out, error)) {
      EXPECT_FALSE(error.empty());
    }
  }
}

// The encoding is canonical: an end time stored without its flag is refused rather than
// read as "no end time" (it would re-encode to other bytes).
TEST(Checkpoint, AnEndTimeWithoutItsFlagIsRefused) {
  auto p = compileOrDie(kProgram);
  ASSERT_TRUE(p);
  engine::Checkpoint c = sampleCheckpoint(*p);
  c.settings.until.reset();
  std::string bytes = engine::encodeCheckpoint(c);
  // header (20), version string, sequence, complete, hash string, layout, lateness, dedup,
  // explain, metrics, has-until: then the end time.
  const size_t at = 20 + 4 + c.onbVersion.size() + 8 + 1 + 4 + c.programHash.size() + 8 + 8 + 8 + 1 + 1 + 1;
  ASSERT_EQ(bytes[at - 1], 0);
  bytes[at] = 7;
  const size_t end = bytes.size() - 8;
  const uint64_t sum = engine::fnv1a(engine::kFnvBasis, std::string_view(bytes).substr(0, end));
  for (int i = 0; i < 8; ++i) bytes[end + i] = static_cast<char>((sum >> (8 * i)) & 0xff);
  std::string error;
  EXPECT_FALSE(decode(bytes, error));
  EXPECT_NE(error.find("an end time is stored without its flag"), std::string::npos) << error;
}

TEST(Checkpoint, AnotherProgramOrSettingIsRefused) {
  auto p = compileOrDie(kProgram);
  auto other = compileOrDie(kOtherProgram);
  ASSERT_TRUE(p && other);
  const engine::Checkpoint c = sampleCheckpoint(*p);
  const engine::RunSettings same = c.settings;
  EXPECT_EQ(engine::resumeMismatch(c, "9.9.9", *p, same, c.input), "");

  std::string why = engine::resumeMismatch(c, "9.9.9", *other, same, c.input);
  EXPECT_NE(why.find("another program"), std::string::npos) << why;
  why = engine::resumeMismatch(c, "1.0.0", *p, same, c.input);
  EXPECT_NE(why.find("written by onb 9.9.9, this is onb 1.0.0"), std::string::npos) << why;

  engine::RunSettings lateness = same;
  lateness.latenessMs = 0;
  why = engine::resumeMismatch(c, "9.9.9", *p, lateness, c.input);
  EXPECT_NE(why.find("lateness 3600000 ms, this run has 0 ms"), std::string::npos) << why;
  engine::RunSettings until = same;
  until.until.reset();
  why = engine::resumeMismatch(c, "9.9.9", *p, until, c.input);
  EXPECT_NE(why.find("until"), std::string::npos) << why;
  engine::RunSettings explain = same;
  explain.explain = true;
  EXPECT_NE(engine::resumeMismatch(c, "9.9.9", *p, explain, c.input).find("explain"), std::string::npos);
}

TEST(Checkpoint, AnotherInputFileIsRefused) {
  TempDir dir;
  const std::string a = dir.file("a.jsonl");
  const std::string b = dir.file("b.jsonl");
  const std::string copy = dir.file("copy.jsonl");
  std::string text;
  for (int i = 0; i < 20000; ++i) text += std::string(kLine) + "\n";
  writeText(a, text);
  writeText(copy, text);
  text[text.size() - 3] = ' ';  // the same size, a change in the last 64 KiB
  writeText(b, text);
  engine::InputIdentity ia, ib, ic;
  std::string error;
  ASSERT_TRUE(engine::identifyInput(a, ia, error)) << error;
  ASSERT_TRUE(engine::identifyInput(b, ib, error)) << error;
  ASSERT_TRUE(engine::identifyInput(copy, ic, error)) << error;

  auto p = compileOrDie(kProgram);
  ASSERT_TRUE(p);
  engine::Checkpoint c = sampleCheckpoint(*p);
  c.input = ia;
  EXPECT_EQ(engine::resumeMismatch(c, "9.9.9", *p, c.settings, ic), "") << "a copy is the same input";
  std::string why = engine::resumeMismatch(c, "9.9.9", *p, c.settings, ib);
  EXPECT_NE(why.find("another input"), std::string::npos) << why;
  EXPECT_NE(why.find("other content"), std::string::npos) << why;

  writeText(b, text + "more\n");  // appended to
  ASSERT_TRUE(engine::identifyInput(b, ib, error)) << error;
  why = engine::resumeMismatch(c, "9.9.9", *p, c.settings, ib);
  EXPECT_NE(why.find("another input"), std::string::npos) << why;

  EXPECT_FALSE(engine::identifyInput(dir.file("missing.jsonl"), ib, error));
  EXPECT_NE(error.find("cannot open"), std::string::npos) << error;
  EXPECT_FALSE(engine::identifyInput(dir.path.string(), ib, error));
}

TEST(Checkpoint, OutputCutShorterOrEditedIsRefused) {
  TempDir dir;
  const std::string out = dir.file("out.jsonl");
  std::string text;
  for (int i = 0; i < 500; ++i) text += "{\"n\":" + std::to_string(i) + "}\n";
  writeText(out, text);
  const int fd = ::open(out.c_str(), O_RDWR);
  ASSERT_GE(fd, 0);
  engine::OutputMark mark;
  std::string error;
  const uint64_t length = text.size() - 100;
  ASSERT_TRUE(engine::markOutput(fd, out, length, mark, error)) << error;
  // Longer than the mark (records written after the checkpoint): cut back.
  ASSERT_TRUE(engine::rewindOutput(fd, mark, error)) << error;
  EXPECT_EQ(readText(out), text.substr(0, length));
  EXPECT_EQ(::lseek(fd, 0, SEEK_CUR), static_cast<off_t>(length));
  // Shorter than the mark: refused, untouched.
  ASSERT_EQ(::ftruncate(fd, static_cast<off_t>(length - 1)), 0);
  EXPECT_FALSE(engine::rewindOutput(fd, mark, error));
  EXPECT_NE(error.find("truncated or replaced"), std::string::npos) << error;
  EXPECT_EQ(readText(out).size(), length - 1);
  // Edited just before the mark: refused.
  std::string edited = text;
  edited[length - 10] = 'X';
  writeText(out, edited);
  EXPECT_FALSE(engine::rewindOutput(fd, mark, error));
  EXPECT_NE(error.find("modified or replaced"), std::string::npos) << error;
  ::close(fd);
}

// What onb run --state does at a checkpoint: flush the writer, then mark the length it
// wrote, reading back the bytes before it from the file (which is open read-write).
TEST(Checkpoint, MarksWhatAWriterFlushed) {
  TempDir dir;
  const std::string out = dir.file("out.jsonl");
  const int fd = ::open(out.c_str(), O_RDWR | O_CREAT | O_TRUNC, 0644);
  ASSERT_GE(fd, 0);
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "{\"n\":" + std::to_string(i) + "}\n";
  {
    io::RecordWriter writer(fd, false);
    writer.raw(text);
    engine::OutputMark mark;
    std::string error;
    // Still in the writer's buffer: not in the file, so it cannot be marked.
    EXPECT_FALSE(engine::markOutput(fd, out, writer.bytesWritten(), mark, error));
    EXPECT_NE(error.find("cannot read back"), std::string::npos) << error;
    ASSERT_TRUE(writer.flush());
    ASSERT_EQ(writer.bytesWritten(), text.size());
    ASSERT_TRUE(engine::markOutput(fd, out, writer.bytesWritten(), mark, error)) << error;
    EXPECT_EQ(mark.length, text.size());
    EXPECT_EQ(mark.tailHash, engine::fnv1a(engine::kFnvBasis, std::string_view(text).substr(text.size() - 4096)));
    uint64_t size = 0;
    EXPECT_TRUE(engine::checkOutput(fd, mark, size, error)) << error;
    EXPECT_EQ(size, text.size());
  }
  ::close(fd);
  // A write-only descriptor cannot be read back: an error, not a wrong mark.
  const int writeOnly = ::open(out.c_str(), O_WRONLY);
  ASSERT_GE(writeOnly, 0);
  engine::OutputMark mark;
  std::string error;
  EXPECT_FALSE(engine::markOutput(writeOnly, out, 100, mark, error));
  ::close(writeOnly);
}

TEST(Checkpoint, StoreSavesLoadsAndLocks) {
  TempDir dir;
  auto p = compileOrDie(kProgram);
  ASSERT_TRUE(p);
  const std::string state = dir.file("state");
  engine::CheckpointStore store;
  std::string error;
  ASSERT_TRUE(store.open(state, error)) << error;
  engine::Checkpoint c;
  EXPECT_EQ(store.load(c, error), engine::CheckpointStore::Load::Missing);
  engine::CheckpointStore second;
  EXPECT_FALSE(second.open(state, error));
  EXPECT_NE(error.find("another run is using"), std::string::npos) << error;

  const engine::Checkpoint sample = sampleCheckpoint(*p);
  ASSERT_TRUE(store.save(sample, error)) << error;
  EXPECT_EQ(readText(store.path()), engine::encodeCheckpoint(sample));
  writeText(store.path() + ".tmp", "left over by a crash");
  ASSERT_EQ(store.load(c, error), engine::CheckpointStore::Load::Loaded) << error;
  EXPECT_EQ(c.snapshot, sample.snapshot);

  std::string bytes = readText(store.path());
  bytes[bytes.size() / 2] ^= 1;
  writeText(store.path(), bytes);
  EXPECT_EQ(store.load(c, error), engine::CheckpointStore::Load::Failed);
  EXPECT_NE(error.find(store.path() + ": the checkpoint is corrupted"), std::string::npos) << error;
  writeText(store.path(), "");
  EXPECT_EQ(store.load(c, error), engine::CheckpointStore::Load::Failed);
  EXPECT_NE(error.find("not an onb checkpoint"), std::string::npos) << error;

  writeText(dir.file("plain"), "x");
  engine::CheckpointStore notADir;
  EXPECT_FALSE(notADir.open(dir.file("plain"), error));
  EXPECT_NE(error.find("not a directory"), std::string::npos) << error;
}

// A crash at each stage of an atomic write (simulated by throwing from the hook) leaves
// the old content before the rename and the new content from it on, never a mix.
TEST(Checkpoint, AtomicWriteInterruptedAtEveryStage) {
  TempDir dir;
  const std::string target = dir.file("file");
  const std::string oldText(10000, 'o');
  const std::string newText = std::string(7000, 'n') + std::string(7000, 'm');
  struct Crash {};
  for (engine::WriteStage stop : {engine::WriteStage::Partial, engine::WriteStage::Written, engine::WriteStage::Synced,
                                  engine::WriteStage::Renamed, engine::WriteStage::Durable}) {
    writeText(target, oldText);
    std::vector<engine::WriteStage> seen;
    std::string error;
    try {
      engine::writeFileAtomically(dir.path.string(), "file", {std::string_view(newText).substr(0, 5000),
                                                              std::string_view(newText).substr(5000)},
                                  error, [&](engine::WriteStage s) {
                                    seen.push_back(s);
                                    if (s == stop) throw Crash{};
                                  });
      ADD_FAILURE() << "no crash at " << engine::writeStageName(stop);
    } catch (const Crash&) {
    }
    EXPECT_EQ(seen.back(), stop);
    EXPECT_EQ(seen.size(), static_cast<size_t>(stop) + 1) << "stages run in order";
    const bool renamed = stop == engine::WriteStage::Renamed || stop == engine::WriteStage::Durable;
    EXPECT_EQ(readText(target), renamed ? newText : oldText) << engine::writeStageName(stop);
    if (stop == engine::WriteStage::Partial) {
      EXPECT_EQ(readText(target + ".tmp"), newText.substr(0, newText.size() / 2));
    }
  }
  std::string error;
  ASSERT_TRUE(engine::writeFileAtomically(dir.path.string(), "file", {"a", "", "bc"}, error)) << error;
  EXPECT_EQ(readText(target), "abc");
  EXPECT_FALSE(fs::exists(target + ".tmp"));
  EXPECT_FALSE(engine::writeFileAtomically(dir.file("missing"), "file", {"x"}, error));
  EXPECT_NE(error.find("cannot create"), std::string::npos) << error;
}

}  // namespace
}  // namespace onb::testing
