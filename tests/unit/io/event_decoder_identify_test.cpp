// EventDecoder: identify calls and their traits (LANGUAGE.md section 7).
#include <gtest/gtest.h>

#include "test_schema.hpp"

namespace onb::io::test {
namespace {

// Trait indexes of testSchema().
enum : uint32_t { kPlan, kFirstName, kAge, kEmailConsent, kScore, kBirthday, kWait };

std::string identifyLine(std::string_view traits) {
  std::string line = R"({"type":"identify","userId":"u1","timestamp":"2025-01-01T09:00:00Z")";
  if (!traits.empty()) line.append(R"(,"traits":)").append(traits);
  return line + "}";
}

const TraitUpdate* find(const DecodedEvent& e, uint32_t trait) {
  for (const TraitUpdate& u : e.traits)
    if (u.trait == trait) return &u;
  return nullptr;
}

TEST(EventDecoderIdentify, NoTraits) {
  for (std::string_view traits : {"", "null", "{}", R"({"unknown":5,"other":{"a":[1]}})"}) {
    const DecodedEvent e = decodeLine(identifyLine(traits));
    EXPECT_EQ(e.cls, LineClass::Identify) << traits << ": " << e.reason;
    EXPECT_TRUE(e.traits.empty());
    EXPECT_TRUE(e.traitErrors.empty());
  }
}

TEST(EventDecoderIdentify, TraitsNotAnObject) {
  for (std::string_view traits : {"5", "\"x\"", "[]", "true"}) {
    const DecodedEvent e = decodeLine(identifyLine(traits));
    EXPECT_EQ(e.cls, LineClass::Invalid) << traits;
    EXPECT_EQ(e.reason, "traits is not an object");
  }
}

TEST(EventDecoderIdentify, SetAndRemove) {
  const DecodedEvent e = decodeLine(identifyLine(
      R"({"plan":"enterprise","first_name":"Ann","age":30,"email_consent":true,"score":2,"birthday":"1990-05-01T00:00Z","wait":1000,"role":"x"})"));
  ASSERT_EQ(e.cls, LineClass::Identify) << e.reason;
  ASSERT_EQ(e.traits.size(), 7u);
  EXPECT_TRUE(e.traitErrors.empty());
  EXPECT_EQ(find(e, kPlan)->value.i, 2);
  EXPECT_EQ(find(e, kFirstName)->value.str(), "Ann");
  EXPECT_EQ(find(e, kAge)->value.i, 30);
  EXPECT_EQ(find(e, kEmailConsent)->value.i, 1);
  EXPECT_EQ(find(e, kScore)->value.f, 2.0);
  EXPECT_EQ(find(e, kBirthday)->value.i, 641520000000);
  EXPECT_EQ(find(e, kWait)->value.i, 1000);
  for (const TraitUpdate& u : e.traits) EXPECT_EQ(u.op, TraitOp::Set);

  const DecodedEvent r = decodeLine(identifyLine(R"({"plan":null,"first_name":null,"email_consent":null})"));
  ASSERT_EQ(r.traits.size(), 3u);
  for (const TraitUpdate& u : r.traits) {
    EXPECT_EQ(u.op, TraitOp::Remove);
    EXPECT_TRUE(u.value.missing);
  }
}

TEST(EventDecoderIdentify, WrongTypesAreReportedAndSkipped) {
  const DecodedEvent e =
      decodeLine(identifyLine(R"({"plan":"gold","first_name":"Bo","age":3.0,"email_consent":"yes","score":"1"})"));
  ASSERT_EQ(e.cls, LineClass::Identify) << e.reason;
  ASSERT_EQ(e.traits.size(), 1u);  // only first_name merges
  EXPECT_EQ(e.traits[0].trait, kFirstName);
  ASSERT_EQ(e.traitErrors.size(), 4u);
  EXPECT_EQ(e.traitErrors[0], "trait `plan`: expected one of free, pro, enterprise");
  EXPECT_EQ(e.traitErrors[1], "trait `age`: expected int, got float");
  EXPECT_EQ(e.traitErrors[2], "trait `email_consent`: expected bool, got string");
  EXPECT_EQ(e.traitErrors[3], "trait `score`: expected float, got string");
}

TEST(EventDecoderIdentify, FirstKeyWins) {
  DecodedEvent e = decodeLine(identifyLine(R"({"plan":"pro","plan":"free","plan":null})"));
  ASSERT_EQ(e.traits.size(), 1u);
  EXPECT_EQ(e.traits[0].value.i, 1);
  e = decodeLine(identifyLine(R"({"plan":null,"plan":"free"})"));
  ASSERT_EQ(e.traits.size(), 1u);
  EXPECT_EQ(e.traits[0].op, TraitOp::Remove);
  e = decodeLine(identifyLine(R"({"plan":"gold","plan":"free"})"));
  EXPECT_TRUE(e.traits.empty());
  EXPECT_EQ(e.traitErrors.size(), 1u);
  e = decodeLine(identifyLine(R"({"plan":"pro"},"traits":{"plan":"free"})"));
  ASSERT_EQ(e.traits.size(), 1u);
  EXPECT_EQ(e.traits[0].value.i, 1);
}

TEST(EventDecoderIdentify, BadJsonInTraitsIsMalformed) {
  for (std::string_view traits : {R"({"plan":tru})", R"({"unknown":[01]})", R"({"plan":"\ud800"})",
                                  R"({"plan":["pro",nul]})", R"({"\udc00":1})"}) {
    const DecodedEvent e = decodeLine(identifyLine(traits));
    EXPECT_EQ(e.cls, LineClass::Malformed) << traits;
    EXPECT_TRUE(e.traits.empty());
    EXPECT_TRUE(e.traitErrors.empty());
  }
}

TEST(EventDecoderIdentify, TraitsBeforeType) {
  const DecodedEvent e =
      decodeLine(R"({"traits":{"plan":"pro","age":"x"},"userId":"u1","timestamp":1000,"type":"identify"})");
  ASSERT_EQ(e.cls, LineClass::Identify) << e.reason;
  ASSERT_EQ(e.traits.size(), 1u);
  EXPECT_EQ(e.traits[0].value.i, 1);
  EXPECT_EQ(e.traitErrors.size(), 1u);
  // Traits on a track are not read (but validated).
  const DecodedEvent t = decodeLine(R"({"traits":{"plan":5},"userId":"u1","timestamp":1000,"type":"track","event":"ping"})");
  EXPECT_EQ(t.cls, LineClass::Track);
  EXPECT_TRUE(t.traits.empty());
  EXPECT_TRUE(t.traitErrors.empty());
}

// The identify lines of conformance case 023-identify-null-default.
TEST(EventDecoderIdentify, ConformanceIdentifyNullDefault) {
  EventDecoder decoder(testSchema());
  DecodedEvent e;
  decoder.decode(R"({"type":"identify","userId":"u1","timestamp":"2025-01-01T09:10:00Z","traits":{"plan":"pro","nickname":"Al"}})", 2, e);
  ASSERT_EQ(e.cls, LineClass::Identify);
  ASSERT_EQ(e.traits.size(), 1u);  // nickname is not in this schema
  EXPECT_EQ(e.traits[0].op, TraitOp::Set);
  decoder.decode(R"({"type":"identify","userId":"u1","timestamp":"2025-01-01T09:30:00Z","traits":{"plan":null}})", 4, e);
  ASSERT_EQ(e.traits.size(), 1u);
  EXPECT_EQ(e.traits[0].op, TraitOp::Remove);
  decoder.decode(R"({"type":"identify","userId":"u1","timestamp":"2025-01-01T09:50:00Z","traits":{"nickname":null,"unknown_trait":5}})", 6, e);
  EXPECT_EQ(e.cls, LineClass::Identify);
  EXPECT_TRUE(e.traits.empty());
}

}  // namespace
}  // namespace onb::io::test
