#include "runtime/engine/checkpoint.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "runtime/bytecode/byte_io.hpp"
#include "runtime/engine/hashing.hpp"
#include "runtime/engine/snapshot.hpp"

namespace onb::engine {

namespace {

constexpr std::string_view kMagic = "ONBCKPT1";
constexpr size_t kHeaderBytes = 8 + 4 + 8;  // magic, version, body length
constexpr size_t kTrailerBytes = 8;         // checksum
constexpr uint64_t kInputHashBytes = uint64_t{64} << 10;
constexpr uint64_t kOutputHashBytes = uint64_t{4} << 10;

std::string errnoText(const std::string& what, int err) { return what + ": " + std::strerror(err); }

// Reads exactly `n` bytes at `offset`; false at an early end or an error.
bool readAt(int fd, char* dst, size_t n, uint64_t offset) {
  while (n > 0) {
    const ssize_t r = ::pread(fd, dst, n, static_cast<off_t>(offset));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    dst += r;
    n -= static_cast<size_t>(r);
    offset += static_cast<uint64_t>(r);
  }
  return true;
}

bool writeAll(int fd, const char* data, size_t n) {
  while (n > 0) {
    const ssize_t w = ::write(fd, data, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    data += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

// FNV-1a 64 of the bytes [offset, offset + n) of `fd`.
bool hashRange(int fd, uint64_t offset, uint64_t n, uint64_t& out) {
  std::string buf(static_cast<size_t>(n), '\0');
  if (!readAt(fd, buf.data(), buf.size(), offset)) return false;
  out = fnv1a(kFnvBasis, buf);
  return true;
}

// The output tail hash: the (up to) kOutputHashBytes before `length`.
bool outputTailHash(int fd, uint64_t length, uint64_t& out) {
  const uint64_t n = std::min(length, kOutputHashBytes);
  return hashRange(fd, length - n, n, out);
}

void putMark(bc::ByteWriter& w, const OutputMark& m) {
  w.str(m.path);
  w.u64(m.length);
  w.u64(m.tailHash);
}

OutputMark getMark(bc::ByteReader& r) {
  OutputMark m;
  m.path = r.str();
  m.length = r.u64();
  m.tailHash = r.u64();
  return m;
}

// Everything before the snapshot bytes: the header and the body up to the snapshot length.
std::string encodeHead(const Checkpoint& c) {
  bc::ByteWriter w;
  w.bytes(kMagic.data(), kMagic.size());
  w.u32(kCheckpointVersion);
  w.u64(0);  // body length, patched below
  w.str(c.onbVersion);
  w.u64(c.sequence);
  w.flag(c.complete);
  w.str(c.programHash);
  w.u64(c.layout);
  w.i64(c.settings.latenessMs);
  w.i64(c.settings.dedupWindowMs);
  w.flag(c.settings.explain);
  w.flag(c.settings.metrics);
  w.flag(c.settings.until.has_value());
  w.i64(c.settings.until.value_or(0));
  w.str(c.input.path);
  w.u64(c.input.size);
  w.u64(c.input.device);
  w.u64(c.input.inode);
  w.u64(c.input.headHash);
  w.u64(c.input.tailHash);
  w.u64(c.inputOffset);
  w.u64(c.nextLine);
  putMark(w, c.records);
  w.flag(c.rejects.has_value());
  if (c.rejects) putMark(w, *c.rejects);
  w.u64(c.snapshot.size());
  std::string head = std::move(w.buffer());
  const uint64_t body = head.size() - kHeaderBytes + c.snapshot.size();
  for (int i = 0; i < 8; ++i) head[12 + i] = static_cast<char>((body >> (8 * i)) & 0xFF);
  return head;
}

std::string encodeTrailer(std::string_view head, std::string_view snapshot) {
  bc::ByteWriter w;
  w.u64(fnv1a(fnv1a(kFnvBasis, head), snapshot));
  return std::move(w.buffer());
}

std::string msText(int64_t ms) { return std::to_string(ms) + " ms"; }

std::string untilText(const std::optional<int64_t>& until) {
  return until ? std::to_string(*until) + " (epoch ms)" : std::string("the last event's time");
}

}  // namespace

bool identifyInput(const std::string& path, InputIdentity& out, std::string& error) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = errnoText("cannot open " + path, errno);
    return false;
  }
  struct stat st;
  bool ok = ::fstat(fd, &st) == 0;
  if (!ok) {
    error = errnoText("cannot stat " + path, errno);
  } else if (!S_ISREG(st.st_mode)) {
    error = path + " is not a regular file (a pipe or a device cannot be read again to resume)";
    ok = false;
  } else {
    out.path = path;
    out.size = static_cast<uint64_t>(st.st_size);
    out.device = static_cast<uint64_t>(st.st_dev);
    out.inode = static_cast<uint64_t>(st.st_ino);
    const uint64_t n = std::min(out.size, kInputHashBytes);
    ok = hashRange(fd, 0, n, out.headHash) && hashRange(fd, out.size - n, n, out.tailHash);
    if (!ok) error = "cannot read " + path;
  }
  ::close(fd);
  return ok;
}

bool markOutput(int fd, const std::string& path, uint64_t length, OutputMark& out, std::string& error) {
  out.path = path;
  out.length = length;
  if (!outputTailHash(fd, length, out.tailHash)) {
    error = "cannot read back " + path + " up to byte " + std::to_string(length);
    return false;
  }
  return true;
}

bool checkOutput(int fd, const OutputMark& mark, uint64_t& size, std::string& error) {
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    error = errnoText("cannot stat " + mark.path, errno);
    return false;
  }
  size = static_cast<uint64_t>(st.st_size);
  if (size < mark.length) {
    error = mark.path + " has " + std::to_string(size) + " bytes, but the checkpoint says the run wrote " +
            std::to_string(mark.length) + ": it was truncated or replaced since";
    return false;
  }
  uint64_t hash = 0;
  if (!outputTailHash(fd, mark.length, hash)) {
    error = "cannot read " + mark.path;
    return false;
  }
  if (hash != mark.tailHash) {
    error = mark.path + " does not hold what the run wrote (the bytes before byte " + std::to_string(mark.length) +
            " differ): it was modified or replaced since";
    return false;
  }
  return true;
}

bool rewindOutput(int fd, const OutputMark& mark, std::string& error) {
  uint64_t size = 0;
  if (!checkOutput(fd, mark, size, error)) return false;
  if (::ftruncate(fd, static_cast<off_t>(mark.length)) != 0 ||
      ::lseek(fd, static_cast<off_t>(mark.length), SEEK_SET) < 0) {
    error = errnoText("cannot truncate " + mark.path, errno);
    return false;
  }
  return true;
}

std::string encodeCheckpoint(const Checkpoint& c) {
  std::string bytes = encodeHead(c);
  bytes += c.snapshot;
  bytes += encodeTrailer(std::string_view(bytes).substr(0, bytes.size() - c.snapshot.size()), c.snapshot);
  return bytes;
}

bool decodeCheckpoint(std::string bytes, Checkpoint& out, std::string& error) {
  if (bytes.size() < kMagic.size() || std::string_view(bytes).substr(0, kMagic.size()) != kMagic) {
    error = "not an onb checkpoint file";
    return false;
  }
  bc::ByteReader head(std::string_view(bytes).substr(kMagic.size()));
  const uint32_t version = head.u32();
  const uint64_t body = head.u64();
  if (!head.ok()) {
    error = "the checkpoint is truncated (" + std::to_string(bytes.size()) + " bytes, not even a header)";
    return false;
  }
  if (version != kCheckpointVersion) {
    error = "checkpoint format version " + std::to_string(version) + ", this onb reads version " +
            std::to_string(kCheckpointVersion) + " (checkpoints are not migrated)";
    return false;
  }
  const uint64_t have = bytes.size() - kHeaderBytes;
  if (body > have || have - body < kTrailerBytes) {
    error = "the checkpoint is truncated (" + std::to_string(bytes.size()) + " bytes, its header says " +
            std::to_string(body + kHeaderBytes + kTrailerBytes) + ")";
    return false;
  }
  if (have - body > kTrailerBytes) {
    error = "the checkpoint has " + std::to_string(have - body - kTrailerBytes) + " unexpected bytes at its end";
    return false;
  }
  const size_t end = kHeaderBytes + static_cast<size_t>(body);
  bc::ByteReader trailer(std::string_view(bytes).substr(end));
  if (fnv1a(kFnvBasis, std::string_view(bytes).substr(0, end)) != trailer.u64()) {
    error = "the checkpoint is corrupted (checksum mismatch)";
    return false;
  }
  bc::ByteReader r(std::string_view(bytes).substr(kHeaderBytes, static_cast<size_t>(body)));
  Checkpoint c;
  c.onbVersion = r.str();
  c.sequence = r.u64();
  c.complete = r.flag();
  c.programHash = r.str();
  c.layout = r.u64();
  c.settings.latenessMs = r.i64();
  c.settings.dedupWindowMs = r.i64();
  c.settings.explain = r.flag();
  c.settings.metrics = r.flag();
  const bool hasUntil = r.flag();
  const int64_t until = r.i64();
  if (hasUntil) c.settings.until = until;
  if (r.ok() && !hasUntil && until != 0) r.fail("an end time is stored without its flag");
  c.input.path = r.str();
  c.input.size = r.u64();
  c.input.device = r.u64();
  c.input.inode = r.u64();
  c.input.headHash = r.u64();
  c.input.tailHash = r.u64();
  c.inputOffset = r.u64();
  c.nextLine = r.u64();
  c.records = getMark(r);
  if (r.flag()) c.rejects = getMark(r);
  const uint64_t snapshotBytes = r.u64();
  if (r.ok() && snapshotBytes != r.left()) r.fail("the snapshot length does not match the file");
  if (r.ok() && c.complete && snapshotBytes != 0) r.fail("a complete checkpoint carries a snapshot");
  if (r.ok() && !c.complete && snapshotBytes == 0) r.fail("the checkpoint has no snapshot");
  if (r.ok() && c.nextLine == 0) r.fail("the next line number is 0");
  if (!r.ok()) {
    error = "the checkpoint is invalid: " + r.error();
    return false;
  }
  const size_t snapshotStart = kHeaderBytes + r.pos();
  bytes.resize(end);
  bytes.erase(0, snapshotStart);
  c.snapshot = std::move(bytes);
  out = std::move(c);
  return true;
}

std::string resumeMismatch(const Checkpoint& c, std::string_view onbVersion, const bc::Program& program,
                           const RunSettings& settings, const InputIdentity& input) {
  if (c.onbVersion != onbVersion)
    return "the checkpoint was written by onb " + c.onbVersion + ", this is onb " + std::string(onbVersion) +
           " (checkpoints are not migrated between versions)";
  if (c.programHash != program.sourceHash || c.layout != layoutFingerprint(program))
    return "the checkpoint is of another program (source hash " + c.programHash + ", this program's is " +
           program.sourceHash + ")";
  const RunSettings& s = c.settings;
  if (s.latenessMs != settings.latenessMs)
    return "the checkpoint was written with lateness " + msText(s.latenessMs) + ", this run has " +
           msText(settings.latenessMs);
  if (s.dedupWindowMs != settings.dedupWindowMs)
    return "the checkpoint was written with dedup window " + msText(s.dedupWindowMs) + ", this run has " +
           msText(settings.dedupWindowMs);
  if (s.explain != settings.explain)
    return std::string("the checkpoint was written ") + (s.explain ? "with" : "without") + " explain, this run is " +
           (settings.explain ? "with" : "without");
  if (s.metrics != settings.metrics)
    return std::string("the checkpoint was written ") + (s.metrics ? "with" : "without") + " metrics, this run is " +
           (settings.metrics ? "with" : "without");
  if (s.until != settings.until)
    return "the checkpoint was written with until " + untilText(s.until) + ", this run has " + untilText(settings.until);
  const InputIdentity& was = c.input;
  if (was.size != input.size)
    return "the checkpoint is of another input: " + was.path + " had " + std::to_string(was.size) + " bytes, " +
           input.path + " has " + std::to_string(input.size) + " (an input must not change between runs)";
  if (was.headHash != input.headHash || was.tailHash != input.tailHash)
    return "the checkpoint is of another input: " + input.path + " has the size of " + was.path +
           " but other content (an input must not change between runs)";
  return {};
}

std::string_view writeStageName(WriteStage stage) {
  switch (stage) {
    case WriteStage::Partial: return "partial";
    case WriteStage::Written: return "written";
    case WriteStage::Synced: return "synced";
    case WriteStage::Renamed: return "renamed";
    case WriteStage::Durable: return "durable";
  }
  return "?";
}

bool syncDirectory(const std::string& dir, std::string& error) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    error = errnoText("cannot open directory " + dir, errno);
    return false;
  }
  const bool ok = ::fsync(fd) == 0;
  if (!ok) error = errnoText("cannot sync directory " + dir, errno);
  ::close(fd);
  return ok;
}

bool writeFileAtomically(const std::string& dir, const std::string& name, std::initializer_list<std::string_view> pieces,
                         std::string& error, const StageHook& hook) {
  const std::string target = dir + "/" + name;
  const std::string temp = target + ".tmp";
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    error = errnoText("cannot create " + temp, errno);
    return false;
  }
  auto fail = [&](const std::string& what) {
    error = errnoText(what, errno);
    ::close(fd);
    ::unlink(temp.c_str());
    return false;
  };
  size_t total = 0;
  for (std::string_view p : pieces) total += p.size();
  // The first half, then the rest: a crash test can stop the process in between.
  const size_t half = total / 2;
  size_t written = 0;
  bool halfWritten = false;
  for (std::string_view p : pieces) {
    size_t from = 0;
    if (!halfWritten && written + p.size() >= half) {
      from = half - written;
      if (!writeAll(fd, p.data(), from)) return fail("cannot write " + temp);
      halfWritten = true;
      if (hook) hook(WriteStage::Partial);
    }
    if (!writeAll(fd, p.data() + from, p.size() - from)) return fail("cannot write " + temp);
    written += p.size();
  }
  if (hook) hook(WriteStage::Written);
  if (::fdatasync(fd) != 0) return fail("cannot sync " + temp);
  if (::close(fd) != 0) {
    error = errnoText("cannot write " + temp, errno);
    ::unlink(temp.c_str());
    return false;
  }
  if (hook) hook(WriteStage::Synced);
  if (::rename(temp.c_str(), target.c_str()) != 0) {
    error = errnoText("cannot rename " + temp + " to " + target, errno);
    ::unlink(temp.c_str());
    return false;
  }
  if (hook) hook(WriteStage::Renamed);
  if (!syncDirectory(dir, error)) return false;
  if (hook) hook(WriteStage::Durable);
  return true;
}

CheckpointStore::~CheckpointStore() {
  if (lockFd_ >= 0) ::close(lockFd_);
}

bool CheckpointStore::open(const std::string& dir, std::string& error) {
  dir_ = dir;
  if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) {
    error = errnoText("cannot create the state directory " + dir, errno);
    return false;
  }
  struct stat st;
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    error = "the state directory " + dir + " is not a directory";
    return false;
  }
  const std::string lock = dir + "/lock";
  lockFd_ = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lockFd_ < 0) {
    error = errnoText("cannot create " + lock, errno);
    return false;
  }
  if (::flock(lockFd_, LOCK_EX | LOCK_NB) != 0) {
    error = errno == EWOULDBLOCK ? "another run is using the state directory " + dir
                                 : errnoText("cannot lock " + lock, errno);
    return false;
  }
  return true;
}

CheckpointStore::Load CheckpointStore::load(Checkpoint& out, std::string& error) const {
  const std::string file = path();
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Load::Missing;
    error = errnoText("cannot open " + file, errno);
    return Load::Failed;
  }
  std::string bytes;
  char buf[1 << 16];
  for (;;) {
    const ssize_t r = ::read(fd, buf, sizeof buf);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) {
      error = errnoText("cannot read " + file, errno);
      ::close(fd);
      return Load::Failed;
    }
    if (r == 0) break;
    bytes.append(buf, static_cast<size_t>(r));
  }
  ::close(fd);
  if (!decodeCheckpoint(std::move(bytes), out, error)) {
    error = file + ": " + error;
    return Load::Failed;
  }
  return Load::Loaded;
}

bool CheckpointStore::save(const Checkpoint& c, std::string& error, const StageHook& hook) const {
  const std::string head = encodeHead(c);
  const std::string trailer = encodeTrailer(head, c.snapshot);
  return writeFileAtomically(dir_, "checkpoint", {head, c.snapshot, trailer}, error, hook);
}

}  // namespace onb::engine
