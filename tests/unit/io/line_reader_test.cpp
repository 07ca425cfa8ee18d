// LineReader: files, stdin-like streams, gzip, long lines, a missing final newline,
// resuming at an offset, errors.
#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "runtime/io/line_reader.hpp"

namespace onb::io {
namespace {

class LineReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("onb_line_reader_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& bytes) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }
  // gzip-compresses `data` with zlib (as `members` concatenated gzip members).
  std::string writeGzip(const std::string& name, const std::string& data, int members = 1) {
    std::string out;
    const size_t part = data.size() / static_cast<size_t>(members) + 1;
    for (size_t start = 0; start < data.size() || (start == 0 && data.empty()); start += part) {
      z_stream zs{};
      EXPECT_EQ(deflateInit2(&zs, Z_BEST_SPEED, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
      const std::string chunk = data.substr(start, part);
      std::vector<unsigned char> buf(deflateBound(&zs, chunk.size()) + 64);
      zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(chunk.data()));
      zs.avail_in = static_cast<uInt>(chunk.size());
      zs.next_out = buf.data();
      zs.avail_out = static_cast<uInt>(buf.size());
      EXPECT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
      out.append(reinterpret_cast<char*>(buf.data()), buf.size() - zs.avail_out);
      deflateEnd(&zs);
      if (data.empty()) break;
    }
    return write(name, out);
  }

  struct Read {
    std::vector<std::string> lines;
    std::vector<uint64_t> numbers;
    std::vector<uint64_t> offsets;  // bytesConsumed() after each line
  };
  static Read readAll(LineReader& reader) {
    Read r;
    LineReader::Line line;
    while (reader.next(line)) {
      EXPECT_GE(line.capacity, line.len + kPadding);
      // The padding is readable (ASan would catch it otherwise).
      volatile char sink = 0;
      for (size_t i = 0; i < kPadding; ++i) sink = static_cast<char>(sink ^ line.data[line.len + i]);
      r.lines.emplace_back(line.view());
      r.numbers.push_back(line.number);
      r.offsets.push_back(reader.bytesConsumed());
    }
    return r;
  }
  static Read readPath(const std::string& path, LineReader::Options options = {}) {
    LineReader reader;
    EXPECT_TRUE(reader.open(path, options)) << reader.error();
    Read r = readAll(reader);
    EXPECT_FALSE(reader.failed()) << reader.error();
    return r;
  }

  std::filesystem::path dir_;
};

using Lines = std::vector<std::string>;

TEST_F(LineReaderTest, SplitsLines) {
  const std::string path = write("a.jsonl", "one\ntwo\r\n\nthree\n");
  const auto r = readPath(path);
  EXPECT_EQ(r.lines, (Lines{"one", "two\r", "", "three"}));
  EXPECT_EQ(r.numbers, (std::vector<uint64_t>{1, 2, 3, 4}));
  EXPECT_EQ(r.offsets, (std::vector<uint64_t>{4, 9, 10, 16}));
  LineReader reader;
  ASSERT_TRUE(reader.open(path));
  EXPECT_EQ(reader.totalBytes(), std::optional<uint64_t>(16));
  EXPECT_FALSE(reader.compressed());
}

TEST_F(LineReaderTest, LastLineWithoutNewline) {
  EXPECT_EQ(readPath(write("a", "one\ntwo")).lines, (Lines{"one", "two"}));
  EXPECT_EQ(readPath(write("b", "only")).lines, (Lines{"only"}));
  EXPECT_EQ(readPath(write("c", "")).lines, Lines{});
  EXPECT_EQ(readPath(write("d", "\n")).lines, Lines{""});
  EXPECT_EQ(readPath(write("e", "x")).lines, Lines{"x"});  // shorter than the gzip magic
  // The bytes after a last line without newline are zeros, not stale data.
  LineReader reader;
  ASSERT_TRUE(reader.open(write("f", "{\"a\":1}\n{\"b\":12"), {0, 1, 64}));
  LineReader::Line line;
  ASSERT_TRUE(reader.next(line));
  ASSERT_TRUE(reader.next(line));
  EXPECT_EQ(line.view(), "{\"b\":12");
  EXPECT_EQ(line.data[line.len], '\0');
}

TEST_F(LineReaderTest, LinesLongerThanTheChunk) {
  std::mt19937 rng(7);
  Lines expected;
  std::string data;
  for (int i = 0; i < 200; ++i) {
    std::string line(rng() % 700, 'a' + static_cast<char>(i % 26));
    expected.push_back(line);
    data += line + "\n";
  }
  data += std::string(5000, 'z');  // a long last line without newline
  expected.push_back(std::string(5000, 'z'));
  const std::string path = write("long", data);
  for (size_t chunk : {size_t{64}, size_t{100}, size_t{4096}, LineReader::kDefaultChunk}) {
    const auto r = readPath(path, {0, 1, chunk});
    EXPECT_EQ(r.lines, expected) << "chunk " << chunk;
    EXPECT_EQ(r.offsets.back(), data.size());
  }
}

TEST_F(LineReaderTest, Gzip) {
  std::string data;
  Lines expected;
  for (int i = 0; i < 5000; ++i) {
    expected.push_back("{\"n\":" + std::to_string(i) + "}");
    data += expected.back() + "\n";
  }
  for (int members : {1, 3}) {
    const std::string path = writeGzip("a.gz" + std::to_string(members), data, members);
    LineReader reader;
    ASSERT_TRUE(reader.open(path, {0, 1, 256}));
    EXPECT_TRUE(reader.compressed());
    EXPECT_EQ(reader.totalBytes(), std::nullopt);  // unknown for compressed data
    EXPECT_TRUE(reader.rawTotalBytes().has_value());
    const auto r = readAll(reader);
    EXPECT_FALSE(reader.failed()) << reader.error();
    EXPECT_EQ(r.lines, expected);
    EXPECT_EQ(reader.bytesConsumed(), data.size());  // decompressed bytes
    EXPECT_EQ(reader.rawBytesRead(), *reader.rawTotalBytes());
  }
  // Without a final newline, and empty.
  EXPECT_EQ(readPath(writeGzip("b.gz", "x\ny")).lines, (Lines{"x", "y"}));
  EXPECT_EQ(readPath(writeGzip("c.gz", "")).lines, Lines{});
}

TEST_F(LineReaderTest, GzipErrors) {
  std::string data;
  for (int i = 0; i < 2000; ++i) data += "{\"n\":" + std::to_string(i) + "}\n";
  const std::string full = writeGzip("full.gz", data);
  std::string bytes;
  {
    std::ifstream in(full, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  // Truncated: the complete lines come out, then an error.
  {
    LineReader reader;
    ASSERT_TRUE(reader.open(write("trunc.gz", bytes.substr(0, bytes.size() / 2))));
    const auto r = readAll(reader);
    EXPECT_TRUE(reader.failed());
    EXPECT_NE(reader.error().find("unexpected end of gzip data"), std::string::npos) << reader.error();
    EXPECT_LT(r.lines.size(), 2000u);
  }
  // Corrupt data.
  {
    std::string bad = bytes;
    for (size_t i = 20; i < 60; ++i) bad[i] = static_cast<char>(bad[i] ^ 0x5a);
    LineReader reader;
    ASSERT_TRUE(reader.open(write("bad.gz", bad)));
    readAll(reader);
    EXPECT_TRUE(reader.failed());
    EXPECT_NE(reader.error().find("gzip"), std::string::npos) << reader.error();
  }
  // Trailing zeros are ignored, other trailing bytes are an error.
  EXPECT_EQ(readPath(write("zeros.gz", bytes + std::string(100, '\0'))).lines.size(), 2000u);
  {
    LineReader reader;
    ASSERT_TRUE(reader.open(write("garbage.gz", bytes + "garbage")));
    readAll(reader);
    EXPECT_NE(reader.error().find("trailing garbage"), std::string::npos) << reader.error();
  }
}

TEST_F(LineReaderTest, ResumeAtAnOffset) {
  const std::string data = "a\nbb\nccc\ndddd";
  const std::string plain = write("p", data);
  const std::string gz = writeGzip("g.gz", data);
  for (const std::string& path : {plain, gz}) {
    const auto all = readPath(path);
    ASSERT_EQ(all.lines.size(), 4u);
    for (size_t k = 0; k < all.offsets.size(); ++k) {
      // Resuming after line k+1 gives the lines after it, numbered on.
      const auto rest = readPath(path, {all.offsets[k], k + 2, 64});
      EXPECT_EQ(rest.lines, Lines(all.lines.begin() + static_cast<long>(k) + 1, all.lines.end())) << path << " " << k;
      if (!rest.numbers.empty()) {
        EXPECT_EQ(rest.numbers.front(), k + 2);
      }
      if (!rest.offsets.empty()) {
        EXPECT_EQ(rest.offsets.back(), data.size());
      }
    }
    LineReader reader;
    const bool opened = reader.open(path, {100, 1, 64});
    LineReader::Line line;
    EXPECT_FALSE(opened && reader.next(line));
    EXPECT_TRUE(reader.failed());
    EXPECT_NE(reader.error().find("cannot resume"), std::string::npos) << reader.error();
  }
}

TEST_F(LineReaderTest, Stdin) {
  // Stdin is read through fd 0: redirect it to a pipe fed with the data.
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  const int saved = dup(STDIN_FILENO);
  ASSERT_EQ(dup2(fds[0], STDIN_FILENO), STDIN_FILENO);
  close(fds[0]);
  const std::string data = "one\ntwo\nthree";
  ASSERT_EQ(::write(fds[1], data.data(), data.size()), static_cast<ssize_t>(data.size()));
  close(fds[1]);
  LineReader reader;
  ASSERT_TRUE(reader.open("-", {4, 2, 64}));  // skips "one\n" by reading
  EXPECT_EQ(reader.name(), "<stdin>");
  EXPECT_EQ(reader.totalBytes(), std::nullopt);
  const auto r = readAll(reader);
  dup2(saved, STDIN_FILENO);
  close(saved);
  EXPECT_EQ(r.lines, (Lines{"two", "three"}));
  EXPECT_EQ(r.numbers, (std::vector<uint64_t>{2, 3}));
}

TEST_F(LineReaderTest, OpenAndReadErrors) {
  LineReader reader;
  EXPECT_FALSE(reader.open((dir_ / "missing.jsonl").string()));
  EXPECT_TRUE(reader.failed());
  EXPECT_NE(reader.error().find("cannot open"), std::string::npos);
  EXPECT_NE(reader.error().find("No such file"), std::string::npos);
  LineReader::Line line;
  EXPECT_FALSE(reader.next(line));
  // A directory opens but cannot be read.
  LineReader dir;
  const bool opened = dir.open(dir_.string());
  EXPECT_FALSE(opened && dir.next(line));
  EXPECT_NE(dir.error().find("cannot read"), std::string::npos) << dir.error();
  // The reader can be reopened after an error.
  EXPECT_TRUE(reader.open(write("ok", "fine\n")));
  EXPECT_TRUE(reader.next(line));
  EXPECT_EQ(line.view(), "fine");
}

}  // namespace
}  // namespace onb::io
