// RecordWriter: escaping, numbers, times, buffering, positions and write errors.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cmath>
#include <limits>

#include "runtime/io/record_writer.hpp"
#include "stdlib/civil_time.hpp"

namespace onb::io {
namespace {

template <typename F>
std::string written(F f) {
  std::string out;
  {
    RecordWriter w(&out);
    f(w);
  }  // the destructor flushes
  return out;
}

TEST(RecordWriter, JsonStringEscapesLikePython) {
  EXPECT_EQ(written([](RecordWriter& w) { w.jsonString("plain"); }), "\"plain\"");
  EXPECT_EQ(written([](RecordWriter& w) { w.jsonString(""); }), "\"\"");
  EXPECT_EQ(written([](RecordWriter& w) { w.jsonString("tab\tquote\" \xc3\xa9"); }), "\"tab\\tquote\\\" \xc3\xa9\"");
  EXPECT_EQ(written([](RecordWriter& w) { w.jsonString("a\\b/c\n\r\b\f"); }), "\"a\\\\b/c\\n\\r\\b\\f\"");
  EXPECT_EQ(written([](RecordWriter& w) { w.jsonString(std::string_view("\x00\x01\x1f\x7f", 4)); }),
            "\"\\u0000\\u0001\\u001f\x7f\"");
  EXPECT_EQ(written([](RecordWriter& w) { w.jsonString("\xf0\x9f\x98\x80 \xe2\x80\xa8"); }),
            "\"\xf0\x9f\x98\x80 \xe2\x80\xa8\"");  // non-ASCII as is (ensure_ascii=False)
}

TEST(RecordWriter, LongStringsAcrossTheBuffer) {
  std::string big(RecordWriter::kBufferSize + 123, 'x');
  big[10] = '"';
  big[RecordWriter::kBufferSize - 1] = '\n';
  std::string expected = "[\"" + big.substr(0, 10) + "\\\"" + big.substr(11, RecordWriter::kBufferSize - 12) + "\\n" +
                         big.substr(RecordWriter::kBufferSize) + "\"]";
  EXPECT_EQ(written([&](RecordWriter& w) {
              w.byte('[');
              w.jsonString(big);
              w.byte(']');
            }),
            expected);
  std::string raw(3 * RecordWriter::kBufferSize, 'r');
  EXPECT_EQ(written([&](RecordWriter& w) {
              w.raw("a");
              w.raw(raw);
              w.raw("b");
            }),
            "a" + raw + "b");
}

TEST(RecordWriter, Integers) {
  EXPECT_EQ(written([](RecordWriter& w) {
              w.int64(0);
              w.byte(',');
              w.int64(-42);
              w.byte(',');
              w.int64(INT64_MIN);
              w.byte(',');
              w.int64(9007199254740993);
              w.byte(',');
              w.uint64(UINT64_MAX);
            }),
            "0,-42,-9223372036854775808,9007199254740993,18446744073709551615");
}

TEST(RecordWriter, FloatsLikePythonRepr) {
  auto f = [](double v) { return written([v](RecordWriter& w) { w.float64(v); }); };
  EXPECT_EQ(f(3.0), "3.0");
  EXPECT_EQ(f(-0.0), "-0.0");
  EXPECT_EQ(f(0.1), "0.1");
  EXPECT_EQ(f(1.5), "1.5");
  EXPECT_EQ(f(1e20), "1e+20");
  EXPECT_EQ(f(1e-7), "1e-07");
  EXPECT_EQ(f(123456789.125), "123456789.125");
  EXPECT_EQ(f(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(f(9007199254740993.0), "9007199254740992.0");
  EXPECT_EQ(f(std::numeric_limits<double>::max()), "1.7976931348623157e+308");
  EXPECT_EQ(f(5e-324), "5e-324");
  // Round trip.
  for (double v : {1.0 / 3, 2.0 / 3, 1e300, 123.456, -7.25e-100}) EXPECT_EQ(std::stod(f(v)), v);
  // Not JSON numbers: null.
  EXPECT_EQ(f(std::nan("")), "null");
  EXPECT_EQ(f(INFINITY), "null");
  EXPECT_EQ(f(-INFINITY), "null");
}

TEST(RecordWriter, Times) {
  auto t = [](int64_t v) { return written([v](RecordWriter& w) { w.time(v); }); };
  int64_t base = 0;
  ASSERT_EQ(civil::parseIso("2025-01-01T09:00:00.250Z", base), civil::IsoError::None);
  EXPECT_EQ(t(base), "\"2025-01-01T09:00:00.250Z\"");
  EXPECT_EQ(t(0), "\"1970-01-01T00:00:00.000Z\"");
  EXPECT_EQ(t(-1), "\"1969-12-31T23:59:59.999Z\"");
  EXPECT_EQ(t(civil::kMinTime), "\"0001-01-01T00:00:00.000Z\"");
  EXPECT_EQ(t(civil::kMaxTime), "\"9999-12-31T23:59:59.999Z\"");
  // The cached date part follows the day, in both directions.
  EXPECT_EQ(written([&](RecordWriter& w) {
              for (int64_t v : {base, base + 1, base + int64_t{15 * 3600000}, base - int64_t{10 * 3600000}, base}) {
                w.time(v);
                w.byte(' ');
              }
            }),
            "\"2025-01-01T09:00:00.250Z\" \"2025-01-01T09:00:00.251Z\" \"2025-01-02T00:00:00.250Z\" "
            "\"2024-12-31T23:00:00.250Z\" \"2025-01-01T09:00:00.250Z\" ");
  // Every millisecond of a day boundary agrees with civil::formatIso.
  std::string out;
  {
    RecordWriter w(&out);
    for (int64_t v = -86400000LL * 3; v < 86400000LL * 3; v += 999983) w.time(v);
  }
  std::string expected;
  for (int64_t v = -86400000LL * 3; v < 86400000LL * 3; v += 999983) expected.append("\"").append(civil::formatIso(v)).append("\"");
  EXPECT_EQ(out, expected);
}

TEST(RecordWriter, KeysBoolsNullAndARecord) {
  EXPECT_EQ(written([](RecordWriter& w) {
              w.byte('{');
              w.key("t");
              w.time(0);
              w.byte(',');
              w.key("user");
              w.jsonString("u1");
              w.byte(',');
              w.key("holdout");
              w.boolean(false);
              w.byte(',');
              w.key("vars");
              w.raw("{");
              w.key("flag");
              w.boolean(true);
              w.byte(',');
              w.key("nick");
              w.null();
              w.raw("}}\n");
            }),
            "{\"t\":\"1970-01-01T00:00:00.000Z\",\"user\":\"u1\",\"holdout\":false,\"vars\":{\"flag\":true,\"nick\":null}}\n");
}

TEST(RecordWriter, BytesWrittenCountsBufferedBytes) {
  std::string out;
  RecordWriter w(&out);
  EXPECT_EQ(w.bytesWritten(), 0u);
  w.raw("hello");
  EXPECT_EQ(w.bytesWritten(), 5u);
  EXPECT_TRUE(out.empty());  // still buffered
  w.jsonString("a\"b");
  EXPECT_EQ(w.bytesWritten(), 11u);
  EXPECT_TRUE(w.flush());
  EXPECT_EQ(out, "hello\"a\\\"b\"");
  EXPECT_EQ(w.bytesWritten(), 11u);
  std::string big(RecordWriter::kBufferSize - 3, 'x');
  w.raw(big);
  w.int64(123456);  // crosses the buffer boundary
  EXPECT_EQ(w.bytesWritten(), 11u + big.size() + 6);
  w.flush();
  EXPECT_EQ(out.size(), w.bytesWritten());
}

TEST(RecordWriter, FileDescriptorAndFile) {
  char path[] = "/tmp/onb_record_writer_XXXXXX";
  const int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  {
    RecordWriter w(fd, true);
    w.raw("fd\n");
  }
  std::FILE* f = std::fopen(path, "a");
  ASSERT_NE(f, nullptr);
  {
    RecordWriter w(f);
    w.raw("file\n");
    EXPECT_TRUE(w.flush());
  }
  std::fclose(f);
  std::string error;
  {
    auto w = RecordWriter::openFile(std::string(path) + ".out", error);
    ASSERT_NE(w, nullptr) << error;
    w->raw("created\n");
  }
  char buf[64] = {};
  std::FILE* r = std::fopen(path, "r");
  const size_t n = std::fread(buf, 1, sizeof buf, r);
  std::fclose(r);
  EXPECT_EQ(std::string(buf, n), "fd\nfile\n");
  r = std::fopen((std::string(path) + ".out").c_str(), "r");
  const size_t m = std::fread(buf, 1, sizeof buf, r);
  std::fclose(r);
  EXPECT_EQ(std::string(buf, m), "created\n");
  unlink(path);
  unlink((std::string(path) + ".out").c_str());
  EXPECT_EQ(RecordWriter::openFile("/nonexistent-dir/x.jsonl", error), nullptr);
  EXPECT_NE(error.find("cannot create"), std::string::npos);
}

TEST(RecordWriter, WriteErrorsAreReported) {
  // A closed pipe: EPIPE (SIGPIPE ignored, as the CLI does).
  struct sigaction ignore {}, old {};
  ignore.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &ignore, &old);
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  close(fds[0]);
  {
    RecordWriter w(fds[1], true);
    w.raw("x");
    EXPECT_TRUE(w.ok());  // buffered: nothing written yet
    EXPECT_FALSE(w.flush());
    EXPECT_FALSE(w.ok());
    EXPECT_NE(w.error().find("Broken pipe"), std::string::npos) << w.error();
    w.raw("more");  // dropped, the error stays
    EXPECT_FALSE(w.flush());
  }
  sigaction(SIGPIPE, &old, nullptr);
  // A full disk: /dev/full.
  const int full = open("/dev/full", O_WRONLY);
  if (full >= 0) {
    RecordWriter w(full, true);
    w.raw(std::string(RecordWriter::kBufferSize * 2, 'x'));
    EXPECT_FALSE(w.ok());
    EXPECT_NE(w.error().find("No space"), std::string::npos) << w.error();
  }
}

}  // namespace
}  // namespace onb::io
