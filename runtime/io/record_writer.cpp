#include "runtime/io/record_writer.hpp"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>

#include "stdlib/civil_time.hpp"

namespace onb::io {

namespace {

// For each byte: 0 when it is written as is, else the letter after the backslash
// ('u' for \u00XX).
struct EscapeTable {
  char code[256] = {};
  constexpr EscapeTable() {
    for (int c = 0; c < 0x20; ++c) code[c] = 'u';
    code[size_t{'"'}] = '"';
    code[size_t{'\\'}] = '\\';
    code[size_t{'\n'}] = 'n';
    code[size_t{'\r'}] = 'r';
    code[size_t{'\t'}] = 't';
    code[size_t{'\b'}] = 'b';
    code[size_t{'\f'}] = 'f';
  }
};
constexpr EscapeTable kEscapes;

}  // namespace

RecordWriter::RecordWriter() : RecordWriter(stdout) {}

RecordWriter::RecordWriter(std::FILE* file) : sink_(Sink::File), file_(file), buf_(new char[kBufferSize]) {}

RecordWriter::RecordWriter(int fd, bool ownsFd)
    : sink_(Sink::Fd), fd_(fd), ownsFd_(ownsFd), buf_(new char[kBufferSize]) {}

RecordWriter::RecordWriter(std::string* sink) : sink_(Sink::String), string_(sink), buf_(new char[kBufferSize]) {}

RecordWriter::~RecordWriter() {
  flush();
  if (ownsFd_ && fd_ >= 0) ::close(fd_);
}

std::unique_ptr<RecordWriter> RecordWriter::openFile(const std::string& path, std::string& error) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    error = "cannot create " + path + ": " + std::strerror(errno);
    return nullptr;
  }
  return std::make_unique<RecordWriter>(fd, true);
}

void RecordWriter::fail(const std::string& what, int err) {
  if (error_.empty()) error_ = what + ": " + std::strerror(err);
}

void RecordWriter::writeOut(const char* data, size_t n) {
  if (!error_.empty()) return;  // sticky: drop output after the first error
  switch (sink_) {
    case Sink::String:
      string_->append(data, n);
      return;
    case Sink::File:
      if (std::fwrite(data, 1, n, file_) != n) fail("cannot write output", errno ? errno : EIO);
      return;
    case Sink::Fd:
      while (n > 0) {
        const ssize_t w = ::write(fd_, data, n);
        if (w >= 0) {
          data += w;
          n -= static_cast<size_t>(w);
          continue;
        }
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) {  // a non-blocking fd: wait, don't drop
          pollfd p{fd_, POLLOUT, 0};
          poll(&p, 1, -1);
          continue;
        }
        fail("cannot write output", errno);
        return;
      }
      return;
  }
}

void RecordWriter::flushBuffer() {
  writeOut(buf_.get(), size_);
  flushed_ += size_;
  size_ = 0;
}

bool RecordWriter::flush() {
  flushBuffer();
  if (sink_ == Sink::File && error_.empty() && std::fflush(file_) != 0) fail("cannot write output", errno);
  return error_.empty();
}

void RecordWriter::rawSlow(std::string_view s) {
  flushBuffer();
  if (s.size() <= kBufferSize) {
    std::memcpy(buf_.get(), s.data(), s.size());
    size_ = s.size();
    return;
  }
  writeOut(s.data(), s.size());
  flushed_ += s.size();
}

void RecordWriter::jsonString(std::string_view s) {
  const size_t n = s.size();
  if (n + 2 <= kBufferSize - size_) {
    // Fast path: copy while no byte needs escaping.
    char* out = buf_.get() + size_;
    *out++ = '"';
    size_t i = 0;
    for (; i < n; ++i) {
      const unsigned char c = static_cast<unsigned char>(s[i]);
      if (kEscapes.code[c]) break;
      out[i] = static_cast<char>(c);
    }
    if (i == n) {
      out[n] = '"';
      size_ += n + 2;
      return;
    }
    size_ += i + 1;
    s.remove_prefix(i);
  } else {
    byte('"');
  }
  jsonStringSlow(s);
  byte('"');
}

void RecordWriter::jsonStringSlow(std::string_view s) {
  static const char kHex[] = "0123456789abcdef";
  for (const char ch : s) {
    const unsigned char c = static_cast<unsigned char>(ch);
    const char code = kEscapes.code[c];
    reserve(6);
    char* p = buf_.get() + size_;
    if (!code) {
      *p = ch;
      size_ += 1;
    } else if (code != 'u') {
      p[0] = '\\';
      p[1] = code;
      size_ += 2;
    } else {
      std::memcpy(p, "\\u00", 4);
      p[4] = kHex[c >> 4];
      p[5] = kHex[c & 15];
      size_ += 6;
    }
  }
}

void RecordWriter::float64(double v) {
  if (!std::isfinite(v)) return null();
  reserve(32);
  char* p = buf_.get() + size_;
  char* end = std::to_chars(p, p + 30, v).ptr;
  if (!std::memchr(p, '.', static_cast<size_t>(end - p)) && !std::memchr(p, 'e', static_cast<size_t>(end - p))) {
    *end++ = '.';
    *end++ = '0';
  }
  size_ = static_cast<size_t>(end - buf_.get());
}

void RecordWriter::time(int64_t t) {
  reserve(26);
  const int64_t day = civil::floorDiv(t, civil::kMillisPerDay);
  char* p = buf_.get() + size_;
  *p++ = '"';
  if (day != cachedDay_) {
    char full[24];
    civil::formatIso(t, full);
    std::memcpy(cachedDate_, full, sizeof cachedDate_);
    cachedDay_ = day;
  }
  std::memcpy(p, cachedDate_, sizeof cachedDate_);  // "YYYY-MM-DDT"
  p += sizeof cachedDate_;
  const unsigned ms = static_cast<unsigned>(t - day * civil::kMillisPerDay);
  const unsigned secs = ms / 1000, hh = secs / 3600, mm = secs / 60 % 60, ss = secs % 60, frac = ms % 1000;
  p[0] = static_cast<char>('0' + hh / 10);
  p[1] = static_cast<char>('0' + hh % 10);
  p[2] = ':';
  p[3] = static_cast<char>('0' + mm / 10);
  p[4] = static_cast<char>('0' + mm % 10);
  p[5] = ':';
  p[6] = static_cast<char>('0' + ss / 10);
  p[7] = static_cast<char>('0' + ss % 10);
  p[8] = '.';
  p[9] = static_cast<char>('0' + frac / 100);
  p[10] = static_cast<char>('0' + frac / 10 % 10);
  p[11] = static_cast<char>('0' + frac % 10);
  p[12] = 'Z';
  p[13] = '"';
  size_ += 1 + sizeof cachedDate_ + 14;
}

}  // namespace onb::io
