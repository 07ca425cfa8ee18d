// Writing an artifact: the header of artifact.hpp, then every section through the codec.
#include <bit>
#include <cstring>

#include "runtime/bytecode/artifact.hpp"
#include "runtime/bytecode/artifact_codec.hpp"

namespace onb::bc {

namespace {

// Appends little-endian values to a string. The codec's write direction.
class ArtifactWriter {
 public:
  static constexpr bool kReading = false;

  explicit ArtifactWriter(std::string& out) : out_(out) {}

  void u8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void u16(uint16_t v) { little(v, 2); }
  void u32(uint32_t v) { little(v, 4); }
  void u64(uint64_t v) { little(v, 8); }
  void i32(int32_t v) { little(static_cast<uint32_t>(v), 4); }
  void i64(int64_t v) { little(static_cast<uint64_t>(v), 8); }
  void f64(double v) { u64(std::bit_cast<uint64_t>(v)); }
  void flag(bool v) { u8(v ? 1 : 0); }
  void str(std::string_view v) {
    u32(static_cast<uint32_t>(v.size()));
    out_.append(v);
  }
  template <class E>
  void enum8(E v, uint8_t /*count*/, const char* /*what*/) {
    u8(static_cast<uint8_t>(v));
  }
  template <class T, class Each>
  void vec(const std::vector<T>& v, size_t /*minBytes*/, Each&& each) {
    u32(static_cast<uint32_t>(v.size()));
    for (const T& x : v) each(x);
  }

  // Overwrites 4 bytes at `at` (a section's length, known once its payload is written).
  void patchU32(size_t at, uint32_t v) {
    for (int i = 0; i < 4; ++i) out_[at + i] = static_cast<char>((v >> (8 * i)) & 0xff);
  }

 private:
  void little(uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) out_.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  }

  std::string& out_;
};

uint64_t fnv1a64(std::string_view bytes) {
  uint64_t hash = 14695981039346656037ULL;
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return hash;
}

}  // namespace

uint64_t artifactChecksum(std::string_view artifact) {
  if (artifact.size() < kArtifactHeaderSize) return 0;
  return fnv1a64(artifact.substr(kArtifactHeaderSize));
}

std::string writeArtifact(const Program& program, std::string_view compilerVersion) {
  std::string out;
  ArtifactWriter w(out);
  out.append(kArtifactMagic, sizeof kArtifactMagic);
  w.u32(kArtifactFormatVersion);
  w.u64(0);  // the checksum, patched below
  w.str(compilerVersion);
  for (codec::SectionTag tag : codec::kSectionOrder) {
    w.u8(static_cast<uint8_t>(tag));
    size_t lengthAt = out.size();
    w.u32(0);
    codec::codecSection(w, tag, program);
    w.patchU32(lengthAt, static_cast<uint32_t>(out.size() - lengthAt - 4));
  }
  uint64_t checksum = artifactChecksum(out);
  for (int i = 0; i < 8; ++i) out[kArtifactChecksumOffset + i] = static_cast<char>((checksum >> (8 * i)) & 0xff);
  return out;
}

}  // namespace onb::bc
