// Writes output records (LANGUAGE.md section 9) through one 1 MiB buffer, with the
// primitives to format JSON by hand, fast:
//
//   out.raw("{\"t\":"); out.time(t); out.raw(",\"user\":"); out.jsonString(user); ...
//   out.raw("}\n");
//
// The sink is a file descriptor, a FILE* (stdout by default) or a std::string (tests,
// embedding). Write errors (EPIPE, ENOSPC, ...) are sticky: the first one is kept in
// error(), later output is dropped, and ok() turns false; the caller decides when to
// check. (A closed pipe raises SIGPIPE unless the program ignores it; the CLI should.)
// Not thread-safe.
#pragma once

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

namespace onb::io {

class RecordWriter {
 public:
  static constexpr size_t kBufferSize = size_t{1} << 20;

  RecordWriter();                              // stdout
  explicit RecordWriter(std::FILE* file);      // not closed by the writer
  explicit RecordWriter(int fd, bool ownsFd);  // closed by the writer when ownsFd
  explicit RecordWriter(std::string* sink);    // appends to *sink on flush
  ~RecordWriter();                             // flushes (then closes an owned fd)
  RecordWriter(const RecordWriter&) = delete;
  RecordWriter& operator=(const RecordWriter&) = delete;

  // Creates or truncates `path` and writes to it. False (and error()) on failure.
  static std::unique_ptr<RecordWriter> openFile(const std::string& path, std::string& error);

  // Raw bytes, not escaped.
  void raw(std::string_view s) {
    if (s.size() > kBufferSize - size_) return rawSlow(s);
    std::memcpy(buf_.get() + size_, s.data(), s.size());
    size_ += s.size();
  }
  void byte(char c) {
    if (size_ == kBufferSize) flushBuffer();
    buf_[size_++] = c;
  }
  // `"name":` for a key that needs no escaping (identifiers, record field names).
  void key(std::string_view name) {
    reserve(name.size() + 3);
    char* p = buf_.get() + size_;
    *p++ = '"';
    std::memcpy(p, name.data(), name.size());
    p += name.size();
    *p++ = '"';
    *p++ = ':';
    size_ = static_cast<size_t>(p - buf_.get());
  }
  // A quoted JSON string, escaped like Python's json.dumps(ensure_ascii=False): \" \\ \n
  // \r \t \b \f, other bytes below 0x20 as \u00XX, everything else as is.
  void jsonString(std::string_view s);
  void int64(int64_t v) { number(v); }
  void uint64(uint64_t v) { number(v); }
  // The shortest text that reads back as `v`, with ".0" added when it would read as an
  // integer (3.0 -> `3.0`, 1e+20 -> `1e+20`). NaN and infinities, which JSON cannot
  // hold, are written as `null` (the engine reports non-finite results as errors first).
  void float64(double v);
  // Epoch milliseconds as a quoted ISO UTC string with milliseconds
  // ("2025-01-01T09:00:00.250Z"); t must be in years 0001-9999.
  void time(int64_t epochMs);
  void boolean(bool v) { v ? raw("true") : raw("false"); }
  void null() { raw("null"); }

  // Bytes written so far, buffered ones included: the output position for a checkpoint.
  uint64_t bytesWritten() const { return flushed_ + size_; }
  // Writes the buffer out (and fflush()es a FILE*). False once any write failed.
  bool flush();
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }

 private:
  enum class Sink : uint8_t { Fd, File, String };

  void reserve(size_t n) {
    if (n > kBufferSize - size_) flushBuffer();
  }
  template <typename Int>
  void number(Int v) {
    reserve(24);
    char* p = buf_.get() + size_;
    size_ += static_cast<size_t>(std::to_chars(p, p + 24, v).ptr - p);
  }
  void rawSlow(std::string_view s);
  void jsonStringSlow(std::string_view s);
  void flushBuffer();
  void writeOut(const char* data, size_t n);
  void fail(const std::string& what, int err);

  Sink sink_;
  int fd_ = -1;
  bool ownsFd_ = false;
  std::FILE* file_ = nullptr;
  std::string* string_ = nullptr;
  std::unique_ptr<char[]> buf_;
  size_t size_ = 0;
  uint64_t flushed_ = 0;
  std::string error_;
  int64_t cachedDay_ = INT64_MIN;  // time(): the day whose "YYYY-MM-DDT" is in cachedDate_
  char cachedDate_[11] = {};
};

}  // namespace onb::io
