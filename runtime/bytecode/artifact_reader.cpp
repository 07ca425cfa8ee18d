// Loading an artifact: the header checks, every section through the codec with bounds
// checks on each read, then the verifier. Nothing here throws past loadArtifact, and a
// corrupted length or count never reads or allocates past what the file holds.
#include <bit>
#include <cstring>
#include <exception>
#include <optional>

#include <fmt/format.h>

#include "runtime/bytecode/artifact.hpp"
#include "runtime/bytecode/artifact_codec.hpp"
#include "runtime/bytecode/utf8.hpp"
#include "runtime/bytecode/verifier.hpp"

namespace onb::bc {

namespace {

// Reads little-endian values from bytes [pos, end) of an artifact, checking every read.
// The codec's read direction. After the first failure every read yields zero or empty,
// so decoding winds down without further checks; error() tells what failed and where.
class ArtifactReader {
 public:
  static constexpr bool kReading = true;

  ArtifactReader(std::string_view file, size_t pos, size_t end, const char* context)
      : file_(file), pos_(pos), end_(end), context_(context) {}

  bool ok() const { return !error_; }
  const LoadError& error() const { return *error_; }
  size_t pos() const { return pos_; }
  size_t left() const { return end_ - pos_; }

  void u8(uint8_t& v) { v = static_cast<uint8_t>(take(1, "u8")); }
  void u16(uint16_t& v) { v = static_cast<uint16_t>(take(2, "u16")); }
  void u32(uint32_t& v) { v = static_cast<uint32_t>(take(4, "u32")); }
  void u64(uint64_t& v) { v = take(8, "u64"); }
  void i32(int32_t& v) { v = static_cast<int32_t>(static_cast<uint32_t>(take(4, "i32"))); }
  void i64(int64_t& v) { v = static_cast<int64_t>(take(8, "i64")); }
  void f64(double& v) { v = std::bit_cast<double>(take(8, "f64")); }

  void flag(bool& v) {
    uint64_t raw = take(1, "flag");
    if (raw > 1) failAt(pos_ - 1, fmt::format("flag byte {} (must be 0 or 1)", raw));
    v = raw == 1;
  }

  void str(std::string& v) {
    uint32_t length = 0;
    u32(length);
    if (!ok()) return;
    if (length > left()) {
      failAt(pos_ - 4, fmt::format("string of {} bytes, only {} left", length, left()));
      return;
    }
    v.assign(file_.substr(pos_, length));
    if (!isValidUtf8(v)) failAt(pos_, "a string that is not valid UTF-8");
    pos_ += length;
  }

  template <class E>
  void enum8(E& v, uint8_t count, const char* what) {
    uint64_t raw = take(1, what);
    if (raw >= count) failAt(pos_ - 1, fmt::format("{} {} out of range (there are {})", what, raw, count));
    v = ok() ? static_cast<E>(raw) : E{};
  }

  template <class T, class Each>
  void vec(std::vector<T>& v, size_t minBytes, Each&& each) {
    v.clear();
    uint32_t count = 0;
    u32(count);
    if (!ok()) return;
    // Cap by what is left before allocating (artifact.hpp, Limits).
    if (count > left() / minBytes) {
      failAt(pos_ - 4, fmt::format("list of {} elements cannot fit in the {} bytes left", count, left()));
      return;
    }
    v.resize(count);
    for (T& x : v) {
      each(x);
      if (!ok()) return;
    }
  }

  void skip(size_t bytes) { pos_ += bytes; }

  void failAt(size_t offset, std::string message) {
    if (error_) return;
    error_ = LoadError{fmt::format("{}: {}", context_, message), offset};
  }

 private:
  uint64_t take(size_t bytes, const char* what) {
    if (error_) return 0;
    if (left() < bytes) {
      failAt(pos_, fmt::format("truncated: {} needs {} bytes, {} left", what, bytes, left()));
      return 0;
    }
    uint64_t v = 0;
    for (size_t i = 0; i < bytes; ++i) v |= uint64_t{static_cast<unsigned char>(file_[pos_ + i])} << (8 * i);
    pos_ += bytes;
    return v;
  }

  std::string_view file_;
  size_t pos_;
  size_t end_;
  const char* context_;
  std::optional<LoadError> error_;
};

uint64_t littleAt(std::string_view bytes, size_t at, size_t width) {
  uint64_t v = 0;
  for (size_t i = 0; i < width; ++i) v |= uint64_t{static_cast<unsigned char>(bytes[at + i])} << (8 * i);
  return v;
}

LoadResult refuse(std::string message, uint64_t offset, std::string compilerVersion = {}) {
  return LoadResult{LoadError{std::move(message), offset}, std::move(compilerVersion)};
}

LoadResult decodeAndVerify(std::string_view bytes) {
  if (bytes.size() < sizeof kArtifactMagic || std::memcmp(bytes.data(), kArtifactMagic, sizeof kArtifactMagic) != 0)
    return refuse("not an onb artifact (no ONBC magic)", 0);
  if (bytes.size() < kArtifactHeaderSize)
    return refuse(fmt::format("truncated header: {} bytes, the header is {}", bytes.size(), kArtifactHeaderSize),
                  bytes.size());
  auto version = static_cast<uint32_t>(littleAt(bytes, 4, 4));
  if (version != kArtifactFormatVersion)
    return refuse(fmt::format("artifact format version {}, this onb reads {}", version, kArtifactFormatVersion), 4);
  uint64_t stored = littleAt(bytes, kArtifactChecksumOffset, 8);
  uint64_t computed = artifactChecksum(bytes);
  if (stored != computed)
    return refuse(fmt::format("checksum mismatch (stored {:#018x}, computed {:#018x}): the artifact is corrupted",
                              stored, computed),
                  kArtifactChecksumOffset);

  LoadResult result{LoadError{}, {}};
  ArtifactReader header(bytes, kArtifactHeaderSize, bytes.size(), "artifact");
  header.str(result.compilerVersion);
  Program program;
  for (codec::SectionTag expected : codec::kSectionOrder) {
    size_t tagAt = header.pos();
    uint8_t tag = 0;
    uint32_t length = 0;
    header.u8(tag);
    header.u32(length);
    if (header.ok() && tag != static_cast<uint8_t>(expected))
      header.failAt(tagAt, fmt::format("expected section {} ({}), found tag {}", static_cast<int>(expected),
                                       codec::sectionName(expected), tag));
    if (header.ok() && length > header.left())
      header.failAt(tagAt + 1, fmt::format("section {} is {} bytes, only {} left", codec::sectionName(expected), length,
                                           header.left()));
    if (!header.ok()) return refuse(header.error().message, header.error().offset, result.compilerVersion);

    ArtifactReader section(bytes, header.pos(), header.pos() + length, codec::sectionName(expected));
    codec::codecSection(section, expected, program);
    if (section.ok() && section.left() != 0)
      section.failAt(section.pos(), fmt::format("{} unused bytes at the end of the section", section.left()));
    if (!section.ok()) return refuse(section.error().message, section.error().offset, result.compilerVersion);
    header.skip(length);
  }
  if (header.left() != 0)
    return refuse(fmt::format("{} bytes after the last section", header.left()), header.pos(), result.compilerVersion);
  if (auto problem = verifyProgram(program))
    return refuse("invalid program: " + *problem, bytes.size(), result.compilerVersion);
  result.value = std::move(program);
  return result;
}

}  // namespace

LoadResult loadArtifact(std::string_view bytes) {
  // Decoding allocates at most a small multiple of the file (artifact.hpp, Limits), so
  // only a genuinely exhausted heap lands here; it is still an error value, not a throw.
  try {
    return decodeAndVerify(bytes);
  } catch (const std::exception& e) {
    return refuse(fmt::format("cannot load the artifact: {}", e.what()), 0);
  }
}

}  // namespace onb::bc
