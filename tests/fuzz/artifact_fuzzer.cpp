// Fuzz target: the artifact loader and verifier on arbitrary bytes (mutated .onbc files;
// the seed corpus holds the artifacts of the examples and conformance programs).
// loadArtifact must never crash, hang or allocate without bound, and whatever it accepts
// must be safe to use: it re-writes to the same bytes, disassembles, and runs a smoke
// stream of events through the engine (the verifier's promise to the VM).
//
// The checksum would make almost every mutation a "checksum mismatch"; the fuzzer fixes
// it up first (as an attacker could), so mutations reach the decoder and verifier. An
// input whose first byte is 'R' is loaded raw instead (the checksum path itself).
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "runtime/bytecode/artifact.hpp"
#include "runtime/bytecode/disassembler.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace onb;
  if (size > 1 << 20) return 0;
  std::string bytes(reinterpret_cast<const char*>(data), size);
  if (!bytes.empty() && bytes[0] == 'R') {
    bytes.erase(0, 1);
  } else if (bytes.size() >= bc::kArtifactHeaderSize) {
    const uint64_t sum = bc::artifactChecksum(bytes);
    std::memcpy(bytes.data() + bc::kArtifactChecksumOffset, &sum, 8);  // little-endian hosts
  }
  bc::LoadResult loaded = bc::loadArtifact(bytes);
  if (!loaded.ok()) return 0;
  const std::string rewritten = bc::writeArtifact(loaded.program(), loaded.compilerVersion);
  bc::LoadResult again = bc::loadArtifact(rewritten);
  if (!again.ok()) onb::fuzz::fail("a re-written artifact does not load", again.error().message);
  if (bc::writeArtifact(again.program(), again.compilerVersion) != rewritten)
    onb::fuzz::fail("an accepted artifact does not re-write to the same bytes");
  (void)bc::disassemble(loaded.program());
  const std::vector<std::string> owned = fuzz::smokeLines(loaded.program());
  const std::vector<std::string_view> lines(owned.begin(), owned.end());
  fuzz::RunOptions options;
  options.until = 1'735'689'600'000 + 60 * 86'400'000LL;
  fuzz::runLines(loaded.program(), lines, options);
  return 0;
}
