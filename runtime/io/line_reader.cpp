#include "runtime/io/line_reader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>

namespace onb::io {

namespace {
constexpr size_t kGzipInput = size_t{1} << 20;
constexpr size_t kMinChunk = 64;
}  // namespace

struct LineReader::Gzip {
  z_stream zs{};
  std::unique_ptr<unsigned char[]> in{new unsigned char[kGzipInput]};
  bool inEof = false;      // the file has no more bytes
  bool memberEnd = false;  // the current gzip member ended; another may follow
  bool initialised = false;
  ~Gzip() {
    if (initialised) inflateEnd(&zs);
  }
};

LineReader::LineReader() = default;
LineReader::~LineReader() { close(); }

void LineReader::close() {
  if (ownsFd_ && fd_ >= 0) ::close(fd_);
  fd_ = -1;
  ownsFd_ = false;
  gzip_.reset();
}

bool LineReader::setError(std::string message) {
  if (error_.empty()) error_ = std::move(message);
  return false;
}

bool LineReader::open(std::string_view path, const Options& options) {
  close();
  error_.clear();
  pos_ = scan_ = have_ = 0;
  eof_ = false;
  maxLine_ = options.maxLineBytes;
  dropped_ = 0;
  rawRead_ = 0;
  rawSize_.reset();
  consumed_ = options.startOffset;
  nextLine_ = options.firstLine;
  const bool useStdin = path.empty() || path == "-";
  name_ = useStdin ? std::string("<stdin>") : std::string(path);
  if (useStdin) {
    fd_ = STDIN_FILENO;
  } else {
    fd_ = ::open(name_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) return setError("cannot open " + name_ + ": " + std::strerror(errno));
    ownsFd_ = true;
  }
  chunk_ = std::max(options.chunkSize, kMinChunk);
  buf_.reset(new char[chunk_ + kPadding]);
  std::memset(buf_.get(), 0, kPadding);

  struct stat st;
  off_t startPos = -1;
  if (fstat(fd_, &st) == 0 && S_ISREG(st.st_mode)) {
    startPos = lseek(fd_, 0, SEEK_CUR);
    if (startPos >= 0) rawSize_ = static_cast<uint64_t>(std::max<off_t>(st.st_size - startPos, 0));
  }

  // The first two bytes tell whether the data is gzip.
  bool rawEof = false;
  while (have_ < 2) {
    const long n = readRaw(buf_.get() + have_, 2 - have_);
    if (n < 0) return false;
    if (n == 0) {
      rawEof = true;
      break;
    }
    have_ += static_cast<size_t>(n);
  }
  if (have_ == 2 && static_cast<unsigned char>(buf_[0]) == 0x1f && static_cast<unsigned char>(buf_[1]) == 0x8b) {
    gzip_ = std::make_unique<Gzip>();
    if (inflateInit2(&gzip_->zs, 16 + MAX_WBITS) != Z_OK) return setError("cannot initialise zlib");
    gzip_->initialised = true;
    std::memcpy(gzip_->in.get(), buf_.get(), 2);
    gzip_->zs.next_in = gzip_->in.get();
    gzip_->zs.avail_in = 2;
    gzip_->inEof = rawEof;
    have_ = 0;
  } else {
    eof_ = rawEof;
    if (options.startOffset > 0 && rawSize_ && startPos >= 0) {
      if (options.startOffset > *rawSize_)
        return setError("cannot resume " + name_ + " at byte " + std::to_string(options.startOffset) +
                        ": the file has " + std::to_string(*rawSize_) + " bytes");
      if (lseek(fd_, startPos + static_cast<off_t>(options.startOffset), SEEK_SET) < 0)
        return setError("cannot seek in " + name_ + ": " + std::strerror(errno));
      have_ = 0;
      eof_ = false;
      rawRead_ = options.startOffset;
      return true;
    }
  }
  std::memset(buf_.get() + have_, 0, kPadding);
  return options.startOffset == 0 || skip(options.startOffset);
}

std::optional<uint64_t> LineReader::totalBytes() const {
  if (gzip_) return std::nullopt;
  return rawSize_;
}

std::optional<uint64_t> LineReader::rawTotalBytes() const { return rawSize_; }

long LineReader::readRaw(char* dst, size_t n) {
  n = std::min<size_t>(n, size_t{1} << 30);
  for (;;) {
    const ssize_t r = ::read(fd_, dst, n);
    if (r >= 0) {
      rawRead_ += static_cast<uint64_t>(r);
      return static_cast<long>(r);
    }
    if (errno == EINTR) continue;
    setError("cannot read " + name_ + ": " + std::strerror(errno));
    return -1;
  }
}

long LineReader::produce(char* dst, size_t n) {
  if (!gzip_) return readRaw(dst, n);
  Gzip& g = *gzip_;
  z_stream& zs = g.zs;
  n = std::min<size_t>(n, UINT_MAX);
  zs.next_out = reinterpret_cast<Bytef*>(dst);
  zs.avail_out = static_cast<uInt>(n);
  // Tops the input buffer up (keeping unread bytes); false on a read error.
  auto refill = [&]() {
    const size_t keep = zs.avail_in;
    std::memmove(g.in.get(), zs.next_in, keep);
    const long r = readRaw(reinterpret_cast<char*>(g.in.get()) + keep, kGzipInput - keep);
    if (r < 0) return false;
    if (r == 0) g.inEof = true;
    zs.next_in = g.in.get();
    zs.avail_in = static_cast<uInt>(keep + static_cast<size_t>(r));
    return true;
  };
  for (;;) {
    if (zs.avail_in == 0 && !g.inEof && !refill()) return -1;
    if (g.memberEnd) {
      if (zs.avail_in < 2 && !g.inEof && !refill()) return -1;
      if (zs.avail_in == 0) return 0;  // the end of the last member
      if (zs.avail_in >= 2 && zs.next_in[0] == 0x1f && zs.next_in[1] == 0x8b) {  // another member
        inflateReset(&zs);
        g.memberEnd = false;
        continue;
      }
      // Zero padding after the data (tar, some tools) is ignored, as gzip does.
      if (std::all_of(zs.next_in, zs.next_in + zs.avail_in, [](unsigned char c) { return c == 0; })) {
        zs.avail_in = 0;
        if (g.inEof) return 0;
        continue;
      }
      setError(name_ + ": trailing garbage after the gzip data");
      return -1;
    }
    const int ret = inflate(&zs, Z_NO_FLUSH);
    const size_t produced = n - zs.avail_out;
    switch (ret) {
      case Z_STREAM_END:
        g.memberEnd = true;
        if (produced > 0) return static_cast<long>(produced);
        continue;
      case Z_OK:
        if (produced > 0) return static_cast<long>(produced);
        continue;
      case Z_BUF_ERROR:  // no progress possible: more input is needed
        if (produced > 0) return static_cast<long>(produced);
        if (zs.avail_in == 0 && g.inEof) {
          setError(name_ + ": unexpected end of gzip data (truncated file?)");
          return -1;
        }
        continue;
      default:
        setError(name_ + ": corrupt gzip data" + (zs.msg ? std::string(" (") + zs.msg + ")" : std::string()));
        return -1;
    }
  }
}

bool LineReader::fill() {
  if (pos_ > 0) {  // keep only the partial line
    std::memmove(buf_.get(), buf_.get() + pos_, have_ - pos_);
    have_ -= pos_;
    scan_ -= pos_;
    pos_ = 0;
  }
  if (have_ == chunk_) {  // one line fills the buffer: grow it
    const size_t bigger = chunk_ * 2;
    std::unique_ptr<char[]> grown(new char[bigger + kPadding]);
    std::memcpy(grown.get(), buf_.get(), have_);
    buf_ = std::move(grown);
    chunk_ = bigger;
  }
  const long n = produce(buf_.get() + have_, chunk_ - have_);
  if (n < 0) return false;
  if (n == 0) eof_ = true;
  have_ += static_cast<size_t>(n);
  // Zeroed padding: a last line without '\n' is followed by NULs, not by stale bytes.
  std::memset(buf_.get() + have_, 0, kPadding);
  return true;
}

bool LineReader::next(Line& line) {
  if (!error_.empty() || fd_ < 0) return false;
  // Hands out [pos_, end) (the '\n', when there is one, at `end`), or an empty overlong
  // line when that line, with the bytes dropped before, is over the limit.
  auto handOut = [&](size_t end, bool newline) {
    const uint64_t length = dropped_ + (end - pos_);
    line.overlong = maxLine_ && length > maxLine_ ? length : 0;
    line.data = buf_.get() + (line.overlong ? end : pos_);
    line.len = line.overlong ? 0 : end - pos_;
    line.capacity = chunk_ + kPadding - (line.data - buf_.get());
    line.number = nextLine_++;
    consumed_ += length + (newline ? 1 : 0);
    dropped_ = 0;
    pos_ = scan_ = newline ? end + 1 : end;
  };
  for (;;) {
    if (scan_ < have_) {
      const char* base = buf_.get();
      const void* nl = std::memchr(base + scan_, '\n', have_ - scan_);
      if (nl) {
        handOut(static_cast<size_t>(static_cast<const char*>(nl) - base), true);
        return true;
      }
      scan_ = have_;
    }
    if (eof_) {
      if (pos_ == have_ && dropped_ == 0) return false;
      handOut(have_, false);
      return true;
    }
    // Over the limit without a '\n' yet: drop what is buffered instead of growing.
    if (maxLine_ && (dropped_ > 0 || have_ - pos_ > maxLine_)) {
      dropped_ += have_ - pos_;
      pos_ = scan_ = have_;
    }
    if (!fill()) return false;
  }
}

bool LineReader::skip(uint64_t bytes) {
  uint64_t remaining = bytes;
  for (;;) {
    const size_t available = have_ - pos_;
    if (available >= remaining) {
      pos_ += static_cast<size_t>(remaining);
      scan_ = pos_;
      return true;
    }
    remaining -= available;
    pos_ = scan_ = have_;
    if (eof_)
      return setError("cannot resume " + name_ + " at byte " + std::to_string(bytes) + ": the input is shorter");
    if (!fill()) return false;
  }
}

}  // namespace onb::io
