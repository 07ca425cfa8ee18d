// EventDecoder: declared events and the type rules of their properties (LANGUAGE.md
// section 7): ignored, invalid and valid tracks.
#include <gtest/gtest.h>

#include <cmath>

#include "stdlib/civil_time.hpp"
#include "test_schema.hpp"

namespace onb::io::test {
namespace {

// Property indexes of the Typed / Optional events.
enum : size_t { kB, kI, kF, kS, kT, kD, kE };

// A Typed line whose property `name` is `json`, the others valid.
std::string typedLine(std::string_view name, std::string_view json) {
  std::string props = "{";
  const std::pair<std::string_view, std::string_view> defaults[] = {
      {"b", "true"}, {"i", "1"}, {"f", "1.5"}, {"s", "\"x\""}, {"t", "1000"}, {"d", "5"}, {"e", "\"pro\""}};
  for (const auto& [n, v] : defaults) {
    if (props.size() > 1) props += ",";
    props.append("\"").append(n).append("\":").append(n == name ? json : v);
  }
  return trackLine("Typed", props + "}");
}

DecodedEvent expectTrack(const std::string& line) {
  DecodedEvent e = decodeLine(line);
  EXPECT_EQ(className(e.cls), std::string("Track")) << line << "\nreason: " << e.reason;
  return e;
}

void expectInvalid(const std::string& line, std::string_view reason = {}) {
  const DecodedEvent e = decodeLine(line);
  EXPECT_EQ(className(e.cls), std::string("Invalid")) << line << "\nreason: " << e.reason;
  if (!reason.empty()) {
    EXPECT_EQ(e.reason, reason) << line;
  }
}

TEST(EventDecoderTypes, AllTypesValid) {
  const DecodedEvent e = expectTrack(typedLine("", ""));
  ASSERT_EQ(e.props.size(), 7u);
  EXPECT_EQ(e.event, kTyped);
  EXPECT_EQ(e.props[kB].i, 1);
  EXPECT_EQ(e.props[kI].i, 1);
  EXPECT_EQ(e.props[kF].f, 1.5);
  EXPECT_EQ(e.props[kS].str(), "x");
  EXPECT_EQ(e.props[kT].i, 1000);
  EXPECT_EQ(e.props[kD].i, 5);
  EXPECT_EQ(e.props[kE].i, 1);  // pro: member index 1
  for (const Value& v : e.props) EXPECT_FALSE(v.missing);
}

TEST(EventDecoderTypes, Bool) {
  EXPECT_EQ(expectTrack(typedLine("b", "false")).props[kB].i, 0);
  EXPECT_EQ(expectTrack(typedLine("b", "true")).props[kB].i, 1);
  for (std::string_view bad : {"1", "0", "\"true\"", "[]", "{}"})
    expectInvalid(typedLine("b", bad));
  expectInvalid(typedLine("b", "1"), "property `b`: expected bool, got int");
}

TEST(EventDecoderTypes, Int) {
  struct Case {
    std::string_view json;
    int64_t value;
  };
  for (const Case& c : std::initializer_list<Case>{{"3", 3},
                                                   {"-7", -7},
                                                   {"0", 0},
                                                   {"-0", 0},
                                                   {"9223372036854775807", INT64_MAX},
                                                   {"-9223372036854775808", INT64_MIN}})
    EXPECT_EQ(expectTrack(typedLine("i", c.json)).props[kI].i, c.value) << c.json;
  // An int is a JSON integer token that fits in 64 bits; anything else is the wrong type
  // (invalid, never malformed).
  for (std::string_view bad : {"3.0", "3e0", "3E2", "3.5", "\"3\"", "true", "9223372036854775808",
                               "-9223372036854775809", "123456789012345678901234567890", "[3]", "{}"})
    expectInvalid(typedLine("i", bad));
  expectInvalid(typedLine("i", "\"3\""), "property `i`: expected int, got string");
  expectInvalid(typedLine("i", "3.0"), "property `i`: expected int, got float");
  expectInvalid(typedLine("i", "18446744073709551616"), "property `i`: expected int, got an integer out of 64-bit range");
}

TEST(EventDecoderTypes, Float) {
  struct Case {
    std::string_view json;
    double value;
  };
  for (const Case& c : std::initializer_list<Case>{{"1.5", 1.5},
                                                   {"3", 3.0},
                                                   {"-2", -2.0},
                                                   {"1e3", 1000.0},
                                                   {"2.5E-1", 0.25},
                                                   {"0.1", 0.1},
                                                   {"9007199254740993", 9007199254740992.0},
                                                   {"123456789012345678901234567890", 1.2345678901234568e29},
                                                   {"18446744073709551616", 18446744073709551616.0},
                                                   {"1e-400", 0.0}})
    EXPECT_EQ(expectTrack(typedLine("f", c.json)).props[kF].f, c.value) << c.json;
  EXPECT_TRUE(std::signbit(expectTrack(typedLine("f", "-0.0")).props[kF].f));
  for (std::string_view bad : {"\"1.5\"", "true", "[1.5]", "1e400", "-1e400"}) expectInvalid(typedLine("f", bad));
  expectInvalid(typedLine("f", "1e400"), "property `f`: expected float, got a number out of range");
}

TEST(EventDecoderTypes, String) {
  EXPECT_EQ(expectTrack(typedLine("s", R"("")")).props[kS].str(), "");
  EXPECT_EQ(expectTrack(typedLine("s", R"("a\"b\\c\/\n\t\u00e9\ud83d\ude00")")).props[kS].str(),
            "a\"b\\c/\n\t\xc3\xa9\xf0\x9f\x98\x80");
  EXPECT_EQ(expectTrack(typedLine("s", "\"caf\xc3\xa9\"")).props[kS].str(), "caf\xc3\xa9");
  for (std::string_view bad : {"5", "true", "[\"x\"]", "{\"a\":\"x\"}"}) expectInvalid(typedLine("s", bad));
  expectInvalid(typedLine("s", "5"), "property `s`: expected string, got int");
}

TEST(EventDecoderTypes, Time) {
  int64_t base = 0;
  ASSERT_EQ(civil::parseIso("2025-01-01T09:00:00Z", base), civil::IsoError::None);
  EXPECT_EQ(expectTrack(typedLine("t", R"("2025-01-01T09:00:00Z")")).props[kT].i, base);
  EXPECT_EQ(expectTrack(typedLine("t", R"("2025-01-01T10:00+01:00")")).props[kT].i, base);
  EXPECT_EQ(expectTrack(typedLine("t", R"("2025-01-01T09:00:00.1239Z")")).props[kT].i, base + 123);
  EXPECT_EQ(expectTrack(typedLine("t", "1735722000000")).props[kT].i, base);
  EXPECT_EQ(expectTrack(typedLine("t", "-62135596800000")).props[kT].i, civil::kMinTime);
  for (std::string_view bad : {"1735722000000.0", "1.5", R"("2025-01-01")", R"("yesterday")", "true",
                               "253402300800000", R"("0000-01-01T00:00:00Z")", "99999999999999999999"})
    expectInvalid(typedLine("t", bad));
  expectInvalid(typedLine("t", R"("soon")"), "property `t`: expected time, got a string that is not ISO 8601");
  expectInvalid(typedLine("t", "253402300800000"), "property `t`: time out of range (years 0001-9999)");
  expectInvalid(typedLine("t", R"("9999-12-31T23:59:59-01:00")"), "property `t`: time out of range (years 0001-9999)");
}

TEST(EventDecoderTypes, Duration) {
  EXPECT_EQ(expectTrack(typedLine("d", "7200000")).props[kD].i, 7200000);
  EXPECT_EQ(expectTrack(typedLine("d", "-5")).props[kD].i, -5);
  for (std::string_view bad : {"1.5", "1e3", "\"1h\"", "\"7200000\"", "false", "99999999999999999999"})
    expectInvalid(typedLine("d", bad));
}

TEST(EventDecoderTypes, Enum) {
  EXPECT_EQ(expectTrack(typedLine("e", R"("free")")).props[kE].i, 0);
  EXPECT_EQ(expectTrack(typedLine("e", R"("enterprise")")).props[kE].i, 2);
  EXPECT_EQ(expectTrack(typedLine("e", R"("\u0070ro")")).props[kE].i, 1);
  for (std::string_view bad : {R"("Pro")", R"("")", R"("gold")", "1", "true", "[\"pro\"]"})
    expectInvalid(typedLine("e", bad), "property `e`: expected one of free, pro, enterprise");
}

TEST(EventDecoderTypes, MissingAndNull) {
  // Required: missing or null is invalid.
  expectInvalid(trackLine("Step Failed", R"({"code":1})"), "property `step` is missing (absent or null)");
  expectInvalid(trackLine("Step Failed", R"({"step":null,"code":1})"), "property `step` is missing (absent or null)");
  expectInvalid(trackLine("Step Failed", ""));
  expectInvalid(trackLine("Step Failed", "null"));
  expectInvalid(trackLine("Step Failed", "{}"));
  // Optional: missing or null is Value::none().
  DecodedEvent e = expectTrack(trackLine("Optional", R"({"b":null})"));
  ASSERT_EQ(e.props.size(), 7u);
  for (const Value& v : e.props) EXPECT_TRUE(v.missing);
  e = expectTrack(trackLine("Optional", R"({"i":4,"e":"free"})"));
  EXPECT_FALSE(e.props[kI].missing);
  EXPECT_EQ(e.props[kI].i, 4);
  EXPECT_FALSE(e.props[kE].missing);
  EXPECT_TRUE(e.props[kS].missing);
  // Absent or null properties read as an empty object.
  for (std::string_view props : {"", "null", "{}"}) {
    e = expectTrack(trackLine("Signed Up", props));
    ASSERT_EQ(e.props.size(), 1u);
    EXPECT_TRUE(e.props[0].missing);
  }
  e = expectTrack(trackLine("ping", ""));
  EXPECT_TRUE(e.props.empty());
  // An optional property of the wrong type is still invalid.
  expectInvalid(trackLine("Optional", R"({"i":"4"})"), "property `i`: expected int, got string");
}

TEST(EventDecoderTypes, PropertiesNotAnObject) {
  for (std::string_view props : {"5", "\"x\"", "[]", "[{}]", "true", "\"not-an-object\""})
    expectInvalid(trackLine("Signed Up", props), "properties is not an object");
}

TEST(EventDecoderTypes, UndeclaredEventsAndProperties) {
  DecodedEvent e = decodeLine(trackLine("Nope", R"({"a":1})"));
  EXPECT_EQ(e.cls, LineClass::Ignored);
  EXPECT_EQ(e.reason, "undeclared event `Nope`");
  EXPECT_TRUE(e.props.empty());
  // Long names are cut in the reason, at a character boundary.
  const std::string longName = std::string(199, 'x') + "\xc3\xa9" + std::string(50, 'y');
  e = decodeLine(trackLine(longName, ""));
  EXPECT_EQ(e.reason, "undeclared event `" + std::string(199, 'x') + "`");
  // Event names match wire names exactly (not program names).
  EXPECT_EQ(decodeLine(trackLine("signed_up", "")).cls, LineClass::Ignored);
  EXPECT_EQ(decodeLine(trackLine("signed up", "")).cls, LineClass::Ignored);
  EXPECT_EQ(decodeLine(trackLine("Signed\\u0020Up", "")).cls, LineClass::Track);
  // Undeclared properties are ignored, but must be valid JSON.
  e = expectTrack(trackLine("Signed Up", R"({"source":"ads","extra":[1,2,{"x":null}],"n":1e999})"));
  EXPECT_EQ(e.props[0].str(), "ads");
  EXPECT_EQ(decodeLine(trackLine("Signed Up", R"({"source":"ads","extra":[1,2,tru]})")).cls, LineClass::Malformed);
  EXPECT_EQ(decodeLine(trackLine("Signed Up", R"({"extra":"\x"})")).cls, LineClass::Malformed);
  // A wrong-typed property whose value is bad JSON is malformed, not invalid.
  EXPECT_EQ(decodeLine(trackLine("Signed Up", R"({"source":[1,tru]})")).cls, LineClass::Malformed);
  EXPECT_EQ(decodeLine(trackLine("Signed Up", R"({"source":{"a":01}})")).cls, LineClass::Malformed);
}

TEST(EventDecoderTypes, PropertiesFirstKeyWins) {
  expectInvalid(trackLine("Step Failed", R"({"step":"a","code":"x","code":3})"));
  DecodedEvent e = expectTrack(trackLine("Step Failed", R"({"step":"a","code":3,"code":"x"})"));
  EXPECT_EQ(e.props[1].i, 3);
  expectInvalid(trackLine("Step Failed", R"({"step":null,"step":"a","code":3})"));
  e = expectTrack(trackLine("Step Failed", R"({"step":"a","step":null,"code":3})"));
  EXPECT_EQ(e.props[0].str(), "a");
  e = expectTrack(trackLine("Signed Up", R"({"source":"a"},"properties":5)"));
  EXPECT_EQ(e.props[0].str(), "a");
  expectInvalid(trackLine("Signed Up", R"(5,"properties":{"source":"a"})"));
  // The repeated value is validated all the same.
  EXPECT_EQ(decodeLine(trackLine("Step Failed", R"({"step":"a","code":3,"code":tru})")).cls, LineClass::Malformed);
}

TEST(EventDecoderTypes, PropertiesInDeclaredOrder) {
  const DecodedEvent e = expectTrack(trackLine("Step Failed", R"({"ratio":0.5,"code":7,"step":"s"})"));
  ASSERT_EQ(e.props.size(), 3u);
  EXPECT_EQ(e.props[0].str(), "s");
  EXPECT_EQ(e.props[1].i, 7);
  EXPECT_EQ(e.props[2].f, 0.5);
}

TEST(EventDecoderTypes, PropertiesBeforeTypeOrEvent) {
  // Key order is free: `properties` may come before `type` or `event`.
  const std::string tail = R"(,"userId":"u1","timestamp":1000})";
  DecodedEvent e = expectTrack(R"({"properties":{"step":"s","code":7},"type":"track","event":"Step Failed")" + tail);
  EXPECT_EQ(e.props[0].str(), "s");
  EXPECT_EQ(e.props[1].i, 7);
  e = expectTrack(R"({"type":"track","properties":{"code":7,"step":"s"},"event":"Step Failed")" + tail);
  EXPECT_EQ(e.props[0].str(), "s");
  expectInvalid(R"({"properties":{"step":"s","code":"7"},"type":"track","event":"Step Failed")" + tail,
                "property `code`: expected int, got string");
  expectInvalid(R"({"properties":"x","type":"track","event":"Step Failed")" + tail, "properties is not an object");
  EXPECT_EQ(decodeLine(R"({"properties":{"a":tru},"type":"track","event":"Nope")" + tail).cls, LineClass::Malformed);
  EXPECT_EQ(decodeLine(R"({"properties":{"a":tru},"type":"identify")" + tail).cls, LineClass::Malformed);
  EXPECT_EQ(decodeLine(R"({"properties":{"step":"\ud800"},"type":"track","event":"Step Failed")" + tail).cls,
            LineClass::Malformed);
  // Both bodies deferred: the relevant one is decoded, the other validated.
  e = expectTrack(R"({"traits":{"plan":"pro"},"properties":{"step":"s","code":7},"type":"track","event":"Step Failed")" +
                  tail);
  EXPECT_EQ(e.props[0].str(), "s");
  EXPECT_TRUE(e.traits.empty());
  EXPECT_EQ(decodeLine(R"({"traits":{"plan":tru},"properties":{},"type":"track","event":"Signed Up")" + tail).cls,
            LineClass::Malformed);
}

// The lines of conformance case 046-invalid-events (schema: signed_up { source: string },
// step_failed { step: string, code: int, ratio: float? }).
TEST(EventDecoderTypes, ConformanceInvalidEvents) {
  bc::Schema schema;
  schema.events.push_back(bc::EventSpec{"signed_up", "signed_up", {field("source", ValueType::String)}});
  schema.events.push_back(bc::EventSpec{"step_failed",
                                        "step_failed",
                                        {field("step", ValueType::String), field("code", ValueType::Int),
                                         field("ratio", ValueType::Float, true)}});
  EventDecoder decoder(schema);
  const std::pair<std::string_view, LineClass> lines[] = {
      {R"({"type":"track","userId":"u1","event":"signed_up","timestamp":"2025-01-01T09:00:00Z","properties":{}})", LineClass::Invalid},
      {R"({"type":"track","userId":"u1","event":"signed_up","timestamp":"2025-01-01T09:01:00Z","properties":{"source":5}})", LineClass::Invalid},
      {R"({"type":"track","userId":"u1","event":"signed_up","timestamp":"2025-01-01T09:02:00Z","properties":{"source":"ads","extra":[1,2]}})", LineClass::Track},
      {R"({"type":"track","userId":"u1","event":"step_failed","timestamp":"2025-01-01T10:00:00Z","properties":{"step":"a"}})", LineClass::Invalid},
      {R"({"type":"track","userId":"u1","event":"step_failed","timestamp":"2025-01-01T10:01:00Z","properties":{"step":"a","code":"3"}})", LineClass::Invalid},
      {R"({"type":"track","userId":"u1","event":"step_failed","timestamp":"2025-01-01T10:02:00Z","properties":{"step":"a","code":3.5}})", LineClass::Invalid},
      {R"({"type":"track","userId":"u1","event":"step_failed","timestamp":"2025-01-01T10:03:00Z","properties":{"step":"a","code":3.0}})", LineClass::Invalid},
      {R"({"type":"track","userId":"u1","event":"step_failed","timestamp":"2025-01-01T10:04:00Z","properties":{"step":"a","code":null}})", LineClass::Invalid},
      {R"({"type":"track","userId":"u1","event":"step_failed","timestamp":"2025-01-01T10:05:00Z","properties":{"step":null,"code":1}})", LineClass::Invalid},
      {R"({"type":"track","userId":"u1","event":"step_failed","timestamp":"2025-01-01T10:06:00Z","properties":{"step":"a","code":1,"ratio":"x"}})", LineClass::Invalid},
      {R"({"type":"track","userId":"u1","event":"step_failed","timestamp":"2025-01-01T10:07:00Z","properties":{"step":"b","code":7,"ratio":1}})", LineClass::Track},
      {R"({"type":"track","userId":"u1","event":"step_failed","timestamp":"2025-01-01T10:08:00Z","properties":"not-an-object"})", LineClass::Invalid},
  };
  DecodedEvent e;
  uint64_t lineNo = 0;
  for (const auto& [line, cls] : lines) {
    decoder.decode(line, ++lineNo, e);
    EXPECT_EQ(className(e.cls), std::string(className(cls))) << "line " << lineNo << ": " << e.reason;
    EXPECT_EQ(e.line, lineNo);
    EXPECT_NE(e.t, 0);  // well-formed: the timestamp is known
  }
  decoder.decode(lines[10].first, 11, e);
  EXPECT_EQ(e.props[2].f, 1.0);
}

}  // namespace
}  // namespace onb::io::test
