// Helpers for the artifact tests: patching bytes of an artifact and re-sealing its
// checksum, so that corruptions reach the decoder and the verifier instead of stopping
// at the checksum.
#pragma once

#include <cstdint>
#include <string>

#include "runtime/bytecode/artifact.hpp"

namespace onb::bc::testing {

// Rewrites the checksum of `bytes` (when it has a header) to match its payload.
inline void reseal(std::string& bytes) {
  if (bytes.size() < kArtifactHeaderSize) return;
  uint64_t checksum = artifactChecksum(bytes);
  for (int i = 0; i < 8; ++i) bytes[kArtifactChecksumOffset + i] = static_cast<char>((checksum >> (8 * i)) & 0xff);
}

inline void putU32(std::string& bytes, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) bytes[at + i] = static_cast<char>((v >> (8 * i)) & 0xff);
}

// A small deterministic generator (splitmix64), so fuzz-style tests replay exactly.
struct SplitMix {
  uint64_t state;
  uint64_t next() {
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  size_t below(size_t n) { return static_cast<size_t>(next() % n); }
};

}  // namespace onb::bc::testing
