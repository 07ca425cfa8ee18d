// EventDecoder against a reference validator: random mutations of realistic lines must be
// malformed for a JSON reason exactly when the strict reference calls them invalid JSON.
// This checks that validation covers the whole line, not only what the decoder reads.
#include <gtest/gtest.h>

#include <random>

#include "json_reference.hpp"
#include "test_schema.hpp"

namespace onb::io::test {
namespace {

bool isBlank(std::string_view line) {
  for (char c : line)
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '\v' && c != '\f') return false;
  return true;
}

const std::string_view kSeeds[] = {
    R"({"type":"track","userId":"u0000019","event":"Step Failed","timestamp":"2025-03-02T23:46:59.033Z","messageId":"4ce76f14","properties":{"step":"import_data","code":400,"ratio":0.5},"context":{"library":{"name":"analytics-node","version":"6.2.0"}}})",
    R"({"type":"identify","userId":"u1","timestamp":1735722000000,"traits":{"plan":"pro","first_name":"Ann\u00e9\ud83d\ude00","age":30,"email_consent":true,"score":1.5e3,"birthday":null},"context":{"ip":"1.2.3.4","list":[1,-2.5,true,false,null,"x",{"k":[]}]}})",
    R"({"properties":{"b":true,"i":-9223372036854775808,"f":123456789012345678901234567890,"s":"a\"b\\c\/\n","t":"2025-01-01T09:00+01:00","d":5,"e":"free"},"type":"track","event":"Typed","anonymousId":"a","timestamp":"2025-01-01T09:00:00Z"})",
    R"({"type":"page","userId":"u1","timestamp":"2025-01-01T09:00:00Z","properties":{"path":"/x","n":1e400}})",
    R"(  {"type":"track","userId":"u1","event":"Nope","timestamp":0,"properties":"x","extra":[[[[{}]]]]}  )",
};

const std::string_view kInserts[] = {
    "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\ud800", "\\udc00", "\\ud83d\\ude00", "\\u00e9", "t", "tru",
    "true", "null", "nul", "0", "01", "-", ".", "e", "1e5", "1.5", "\xff", "\xc3", "\xc3\xa9", "\xed\xa0\x80",
    "\xf0\x9f\x98\x80", "\x01", " ", "\t", "\r", "\v", std::string_view("\0", 1), "\"k\":1,", "[1,2]",
    "\"type\":\"track\",", "\"properties\":{},",
};

TEST(EventDecoderFuzz, MatchesTheReferenceValidator) {
  std::mt19937 rng(12345);
  EventDecoder decoder(testSchema());
  EventDecoder onDemand(testSchema(), EventDecoder::Path::OnDemandOnly);
  DecodedEvent e, other;
  size_t checked = 0, malformed = 0;
  for (std::string_view seed : kSeeds) {
    ASSERT_TRUE(JsonReference::isObjectLine(seed)) << seed;
    decoder.decode(seed, 1, e);
    ASSERT_FALSE(e.cls == LineClass::Malformed && isJsonReason(e.reason)) << seed << ": " << e.reason;
  }
  for (int round = 0; round < 30000; ++round) {
    std::string line(kSeeds[rng() % std::size(kSeeds)]);
    const int edits = 1 + static_cast<int>(rng() % 3);
    for (int k = 0; k < edits && !line.empty(); ++k) {
      const size_t at = rng() % line.size();
      switch (rng() % 5) {
        case 0: line.erase(at, 1); break;
        case 1: line.insert(at, kInserts[rng() % std::size(kInserts)]); break;
        case 2: line[at] = static_cast<char>(rng() % 256); break;
        case 3: line.insert(at, line.substr(rng() % line.size(), rng() % 12)); break;
        case 4: std::swap(line[at], line[rng() % line.size()]); break;
      }
    }
    if (isBlank(line)) continue;
    const bool valid = JsonReference::isObjectLine(line);
    // Alternate the in-place path (padding after the line holds other bytes) and the copy path.
    if (round % 2 == 0) {
      std::string padded = line + std::string(kPadding, '7');
      decoder.decode(padded.data(), line.size(), padded.size(), 1, e);
    } else {
      decoder.decode(line, 1, e);
    }
    const bool jsonError = e.cls == LineClass::Malformed && isJsonReason(e.reason);
    ASSERT_EQ(valid, !jsonError) << "line: " << line << "\nclass: " << className(e.cls) << "\nreason: " << e.reason;
    onDemand.decode(line, 1, other);
    expectSameDecoding(e, other, line);
    if (::testing::Test::HasFailure()) return;
    ++checked;
    malformed += jsonError;
  }
  // The mutations must exercise both sides.
  EXPECT_GT(malformed, checked / 5);
  EXPECT_LT(malformed, checked - checked / 10);
}

}  // namespace
}  // namespace onb::io::test
