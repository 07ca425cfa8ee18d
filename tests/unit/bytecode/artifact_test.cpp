// The artifact format: round trips, and clean refusal of every truncated, corrupted or
// foreign file (run under ASan+UBSan too: nothing here may read out of bounds).
#include <gtest/gtest.h>

#include "artifact_test_support.hpp"
#include "runtime/bytecode/artifact.hpp"
#include "runtime/bytecode/disassembler.hpp"
#include "runtime/bytecode/utf8.hpp"
#include "runtime/bytecode/verifier.hpp"
#include "sample_program.hpp"

namespace onb::bc::testing {
namespace {

constexpr std::string_view kVersion = "onb test 0.1";

std::string sampleArtifact() { return writeArtifact(sampleProgram(), kVersion); }

TEST(Artifact, RoundTripGivesTheSameProgram) {
  Program original = sampleProgram();
  std::string bytes = writeArtifact(original, kVersion);
  LoadResult loaded = loadArtifact(bytes);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message << " at " << loaded.error().offset;
  EXPECT_EQ(loaded.compilerVersion, kVersion);
  EXPECT_EQ(disassemble(loaded.program()), disassemble(original));
  // The encoding is canonical: writing the loaded program gives the same bytes.
  EXPECT_EQ(writeArtifact(loaded.program(), kVersion), bytes);
}

TEST(Artifact, RoundTripKeepsEveryField) {
  Program original = sampleProgram();
  LoadResult loaded = loadArtifact(writeArtifact(original, kVersion));
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  const Program& p = loaded.program();
  // Fields the listing shows only indirectly.
  EXPECT_EQ(p.maxRegisters, original.maxRegisters);
  EXPECT_EQ(p.lines, original.lines);
  EXPECT_EQ(p.stringPool, original.stringPool);
  EXPECT_EQ(p.schema.traits[5].defaultValue.f, 1.5);
  EXPECT_EQ(p.schema.traits[4].defaultText, "UTC");
  EXPECT_EQ(p.schema.traits[6].defaultValue.missing, 1);  // no default: stays none
  ASSERT_EQ(p.code.size(), original.code.size());
  for (size_t i = 0; i < p.code.size(); ++i) {
    EXPECT_EQ(p.code[i].op, original.code[i].op);
    EXPECT_EQ(p.code[i].a, original.code[i].a);
    EXPECT_EQ(p.code[i].b, original.code[i].b);
    EXPECT_EQ(p.code[i].c, original.code[i].c);
  }
}

TEST(Artifact, WritingIsDeterministic) { EXPECT_EQ(sampleArtifact(), sampleArtifact()); }

TEST(Artifact, EmptyProgramRoundTrips) {
  Program empty;
  LoadResult loaded = loadArtifact(writeArtifact(empty, ""));
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_EQ(disassemble(loaded.program()), disassemble(empty));
}

TEST(Artifact, RefusesBadMagic) {
  std::string bytes = sampleArtifact();
  bytes[0] = 'X';
  LoadResult loaded = loadArtifact(bytes);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().message, "not an onb artifact (no ONBC magic)");
  EXPECT_EQ(loaded.error().offset, 0u);
  EXPECT_FALSE(loadArtifact("").ok());
  EXPECT_FALSE(loadArtifact("ONB").ok());
}

TEST(Artifact, RefusesOtherFormatVersions) {
  std::string bytes = sampleArtifact();
  putU32(bytes, 4, kArtifactFormatVersion + 1);
  LoadResult loaded = loadArtifact(bytes);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().message, "artifact format version 2, this onb reads 1");
  EXPECT_EQ(loaded.error().offset, 4u);
}

TEST(Artifact, RefusesBadChecksum) {
  std::string bytes = sampleArtifact();
  bytes[bytes.size() / 2] ^= 0x10;
  LoadResult loaded = loadArtifact(bytes);
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.error().message.find("checksum mismatch"), std::string::npos) << loaded.error().message;
  EXPECT_EQ(loaded.error().offset, kArtifactChecksumOffset);
}

TEST(Artifact, RefusesTrailingBytes) {
  std::string bytes = sampleArtifact() + "x";
  reseal(bytes);
  LoadResult loaded = loadArtifact(bytes);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().message, "1 bytes after the last section");
  EXPECT_EQ(loaded.error().offset, bytes.size() - 1);
}

TEST(Artifact, RefusesSectionsOutOfOrder) {
  std::string bytes = sampleArtifact();
  size_t firstSection = kArtifactHeaderSize + 4 + kVersion.size();
  bytes[firstSection] = 2;  // strings where the schema belongs
  reseal(bytes);
  LoadResult loaded = loadArtifact(bytes);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().message, "artifact: expected section 1 (schema), found tag 2");
  EXPECT_EQ(loaded.error().offset, firstSection);
}

TEST(Artifact, RefusesAHugeCountWithoutAllocating) {
  std::string bytes = sampleArtifact();
  // The schema's first field is the enum list's count.
  size_t enumCount = kArtifactHeaderSize + 4 + kVersion.size() + 5;
  putU32(bytes, enumCount, 0xfffffff0u);
  reseal(bytes);
  LoadResult loaded = loadArtifact(bytes);
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.error().message.find("schema: list of 4294967280 elements cannot fit"), std::string::npos)
      << loaded.error().message;
  EXPECT_EQ(loaded.error().offset, enumCount);
}

TEST(Artifact, VerifierFailuresAreLoadErrors) {
  Program p = sampleProgram();
  insnOf(p, kWelcomeWith, 4).b = 9;  // move r1, r9 with 2 registers
  std::string bytes = writeArtifact(p, kVersion);
  LoadResult loaded = loadArtifact(bytes);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().message,
            "invalid program: fn 6 insn 0004 (move): register b = 9 out of range (fn has 2 registers)");
  EXPECT_EQ(loaded.error().offset, bytes.size());
  EXPECT_EQ(loaded.compilerVersion, kVersion);
}

// Text in an artifact reaches records, which are JSON: a string that is not valid UTF-8 is
// refused, and so is a string constant whose slice of the pool splits a character.
TEST(Artifact, RefusesTextThatIsNotUtf8) {
  Program p = sampleProgram();
  p.rules[0].name = "welcom\xA1";
  LoadResult loaded = loadArtifact(writeArtifact(p, kVersion));
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.error().message.find("a string that is not valid UTF-8"), std::string::npos)
      << loaded.error().message;

  Program split = sampleProgram();
  split.stringPool += "\xC3\xA9";  // "é", then a constant holding only its first byte
  Constant k;
  k.type = ValueType::String;
  k.stringOffset = static_cast<uint32_t>(split.stringPool.size() - 2);
  k.stringLength = 1;
  split.constants.push_back(k);
  loaded = loadArtifact(writeArtifact(split, kVersion));
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.error().message.find("is not valid UTF-8 (it splits a character)"), std::string::npos)
      << loaded.error().message;
}

TEST(Artifact, Utf8Validation) {
  EXPECT_TRUE(isValidUtf8(""));
  EXPECT_TRUE(isValidUtf8("plain ascii"));
  EXPECT_TRUE(isValidUtf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"));
  EXPECT_FALSE(isValidUtf8("\x80"));                  // a lone continuation byte
  EXPECT_FALSE(isValidUtf8("\xC3"));                  // truncated
  EXPECT_FALSE(isValidUtf8("\xC0\xAF"));              // overlong "/"
  EXPECT_FALSE(isValidUtf8("\xE0\x80\xAF"));          // overlong, three bytes
  EXPECT_FALSE(isValidUtf8("\xED\xA0\x80"));          // a surrogate
  EXPECT_FALSE(isValidUtf8("\xF4\x90\x80\x80"));      // above U+10FFFF
  EXPECT_FALSE(isValidUtf8("\xFF"));
  EXPECT_TRUE(isValidUtf8("\xF4\x8F\xBF\xBF"));       // U+10FFFF
}

// Every proper prefix is refused: by the checksum as is, and by the decoder's bounds
// checks once the checksum is recomputed.
TEST(Artifact, RefusesEveryTruncation) {
  std::string bytes = sampleArtifact();
  for (size_t n = 0; n < bytes.size(); ++n) {
    std::string prefix = bytes.substr(0, n);
    LoadResult plain = loadArtifact(prefix);
    ASSERT_FALSE(plain.ok()) << "prefix of " << n << " bytes loaded";
    reseal(prefix);
    LoadResult resealed = loadArtifact(prefix);
    ASSERT_FALSE(resealed.ok()) << "resealed prefix of " << n << " bytes loaded";
    EXPECT_LE(resealed.error().offset, n) << resealed.error().message;
  }
}

// What a mutated artifact may do: be refused, or load a program that verifies (and so can
// be listed and written again). Returns whether the verifier was the one refusing.
bool checkMutant(const std::string& mutant, size_t& loadedCount) {
  LoadResult loaded = loadArtifact(mutant);
  if (!loaded.ok()) {
    EXPECT_FALSE(loaded.error().message.empty());
    EXPECT_LE(loaded.error().offset, mutant.size());
    return loaded.error().message.starts_with("invalid program: ");
  }
  ++loadedCount;
  EXPECT_EQ(verifyProgram(loaded.program()), std::nullopt);
  EXPECT_FALSE(disassemble(loaded.program()).empty());
  EXPECT_TRUE(loadArtifact(writeArtifact(loaded.program(), kVersion)).ok());
  return false;
}

// Every byte past the header, changed three ways (low bit, every bit, zeroed), checksum
// recomputed.
TEST(Artifact, SingleByteMutationsNeverCrash) {
  const std::string bytes = sampleArtifact();
  size_t verifierRefusals = 0, loaded = 0, total = 0;
  for (size_t at = kArtifactHeaderSize; at < bytes.size(); ++at) {
    for (int change : {0x01, 0xff, -1}) {
      std::string mutant = bytes;
      mutant[at] = change < 0 ? 0 : static_cast<char>(mutant[at] ^ change);
      if (mutant == bytes) continue;
      reseal(mutant);
      verifierRefusals += checkMutant(mutant, loaded);
      ++total;
    }
  }
  // The verifier, not only the decoder, is exercised; and some mutants (of names, lines,
  // texts) are harmless.
  EXPECT_GT(verifierRefusals, total / 10) << total << " mutants";
  EXPECT_GT(loaded, 0u);
}

// Random multi-byte mutations, with values chosen to hit limits (0, -1, large counts).
TEST(Artifact, RandomMutationsNeverCrash) {
  const std::string bytes = sampleArtifact();
  constexpr uint32_t kInteresting[] = {0, 1, 2, 7, 8, 0xff, 0xffff, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff};
  SplitMix rng{42};
  size_t verifierRefusals = 0, loaded = 0;
  for (int round = 0; round < 4000; ++round) {
    std::string mutant = bytes;
    size_t edits = 1 + rng.below(3);
    for (size_t e = 0; e < edits; ++e) {
      size_t at = kArtifactHeaderSize + rng.below(mutant.size() - kArtifactHeaderSize - 4);
      if (rng.below(2) == 0)
        putU32(mutant, at, kInteresting[rng.below(std::size(kInteresting))]);
      else
        mutant[at] = static_cast<char>(rng.next());
    }
    reseal(mutant);
    verifierRefusals += checkMutant(mutant, loaded);
  }
  EXPECT_GT(verifierRefusals, 400u);
}

}  // namespace
}  // namespace onb::bc::testing
