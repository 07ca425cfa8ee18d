// The input reader of `onb run` against hostile streams: a line far longer than the
// maximum line size (with or without a final newline) is skipped without being held in
// memory and reported as malformed, and the lines after it are read as usual.
#include <fcntl.h>
#include <unistd.h>

#include <string>
#include <thread>

#include "compiler/driver/compilation.hpp"
#include "hostile_support.hpp"
#include "runtime/engine/engine.hpp"
#include "runtime/engine/stream_runner.hpp"
#include "runtime/io/line_reader.hpp"

namespace onb::hostile {
namespace {

// Writes `junkBytes` bytes without a newline into a pipe, then `tail`, from a thread;
// the reader opens the pipe's read end by path, as `onb run /dev/stdin` would.
struct PipeInput {
  PipeInput(uint64_t junkBytes, std::string tail) {
    int fds[2];
    EXPECT_EQ(pipe(fds), 0);
    readFd = fds[0];
    writer = std::thread([fd = fds[1], junkBytes, tail = std::move(tail)] {
      const std::string chunk(1 << 16, 'x');
      for (uint64_t done = 0; done < junkBytes;) {
        const size_t n = static_cast<size_t>(std::min<uint64_t>(chunk.size(), junkBytes - done));
        const ssize_t w = write(fd, chunk.data(), n);
        if (w <= 0) break;
        done += static_cast<uint64_t>(w);
      }
      for (size_t done = 0; done < tail.size();) {
        const ssize_t w = write(fd, tail.data() + done, tail.size() - done);
        if (w <= 0) break;
        done += static_cast<size_t>(w);
      }
      close(fd);
    });
  }
  ~PipeInput() {
    writer.join();
    close(readFd);
  }
  std::string path() const { return "/proc/self/fd/" + std::to_string(readFd); }

  int readFd = -1;
  std::thread writer;
};

TEST(HostileReader, HugeLineIsSkippedInBoundedMemory) {
  const uint64_t junk = kSanitized ? uint64_t{64} << 20 : uint64_t{1} << 30;  // 1 GiB in one line
  const std::string next = track("u", "Note", kStart);
  PipeInput input(junk, "\n" + next + "\n");
  io::LineReader reader;
  io::LineReader::Options options;
  options.chunkSize = 1 << 20;
  options.maxLineBytes = 4 << 20;
  ASSERT_TRUE(reader.open(input.path(), options)) << reader.error();
  const uint64_t before = residentBytes();
  io::LineReader::Line line;
  ASSERT_TRUE(reader.next(line));
  EXPECT_EQ(line.overlong, junk);
  EXPECT_EQ(line.len, 0u);
  EXPECT_EQ(line.number, 1u);
  const uint64_t growth = residentBytes() - before;
  if (!kSanitized) {
    EXPECT_LT(growth, uint64_t{32} << 20) << growth;
  }
  ASSERT_TRUE(reader.next(line));
  EXPECT_EQ(line.view(), next);
  EXPECT_EQ(line.number, 2u);
  EXPECT_FALSE(reader.next(line));
  EXPECT_FALSE(reader.failed());
  EXPECT_EQ(reader.bytesConsumed(), junk + 1 + next.size() + 1);
}

TEST(HostileReader, HugeLastLineWithoutNewline) {
  const std::string first = track("u", "Note", kStart);
  PipeInput input(0, first + "\n" + std::string(3 << 20, 'y'));
  io::LineReader reader;
  io::LineReader::Options options;
  options.chunkSize = 4096;
  options.maxLineBytes = 1 << 20;
  ASSERT_TRUE(reader.open(input.path(), options));
  io::LineReader::Line line;
  ASSERT_TRUE(reader.next(line));
  EXPECT_EQ(line.view(), first);
  EXPECT_EQ(line.overlong, 0u);
  ASSERT_TRUE(reader.next(line));
  EXPECT_EQ(line.overlong, uint64_t{3} << 20);
  EXPECT_FALSE(reader.next(line));
}

TEST(HostileReader, TheRunReportsTheLineAsMalformedAndGoesOn) {
  std::string source = kProgram;
  auto compiled = compileProgram("hostile.onb", &source);
  ASSERT_TRUE(compiled->program);
  const std::string after = track("u", "Note", kStart);
  PipeInput input(uint64_t{64} << 20, "\n" + after + "\n");
  io::LineReader reader;
  io::LineReader::Options options;
  options.maxLineBytes = 8 << 20;
  ASSERT_TRUE(reader.open(input.path(), options));
  struct Sink final : engine::RecordSink, engine::RejectSink {
    void record(const engine::Record&) override { ++records; }
    void reject(uint64_t line, io::RejectClass cls, std::string_view why) override {
      rejects += std::to_string(line) + " " + std::string(io::rejectClassName(cls)) + " " + std::string(why) + "\n";
    }
    int records = 0;
    std::string rejects;
  } sink;
  engine::Engine engine(*compiled->program, {}, sink, &sink);
  engine::StreamRunner runner(engine, compiled->program->schema);
  ASSERT_TRUE(runner.run(reader));
  engine.finish();
  EXPECT_EQ(engine.stats().malformed, 1u);
  EXPECT_EQ(engine.stats().processed, 1u);
  EXPECT_EQ(sink.records, 2);  // enter, echo
  EXPECT_EQ(sink.rejects, "1 malformed line too long: 67108864 bytes, more than the maximum line size of 8388608 bytes\n");
}

}  // namespace
}  // namespace onb::hostile
