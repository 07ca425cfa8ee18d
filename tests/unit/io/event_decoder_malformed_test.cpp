// EventDecoder: what makes a line blank or malformed (LANGUAGE.md section 7), and the
// top-level rules (type, user, timestamp, event name, first key wins).
#include <gtest/gtest.h>

#include "stdlib/civil_time.hpp"
#include "test_schema.hpp"

namespace onb::io::test {
namespace {

constexpr std::string_view kGood =
    R"({"type":"track","userId":"u1","event":"Signed Up","timestamp":"2025-01-01T09:00:00Z")";

// The line made of kGood, `extra` fields and a closing brace.
std::string withExtra(std::string_view extra) { return std::string(kGood) + std::string(extra) + "}"; }

void expectClass(std::string_view line, LineClass cls) {
  const DecodedEvent e = decodeLine(line);
  EXPECT_EQ(className(e.cls), std::string(className(cls))) << "line: " << line << "\nreason: " << e.reason;
}

TEST(EventDecoderMalformed, BlankLines) {
  for (std::string_view line : {"", " ", "\t \r", "\v\f  ", "\r"}) {
    const DecodedEvent e = decodeLine(line, 7);
    EXPECT_EQ(e.cls, LineClass::Blank);
    EXPECT_EQ(e.line, 7u);
  }
}

TEST(EventDecoderMalformed, GoodLineIsTrack) {
  const DecodedEvent e = decodeLine(withExtra(""), 3);
  ASSERT_EQ(e.cls, LineClass::Track) << e.reason;
  EXPECT_EQ(e.line, 3u);
  EXPECT_EQ(e.user, "u1");
  EXPECT_EQ(e.event, kSignedUp);
  int64_t t;
  ASSERT_EQ(civil::parseIso("2025-01-01T09:00:00Z", t), civil::IsoError::None);
  EXPECT_EQ(e.t, t);
  // A trailing '\r' (CRLF files) and surrounding whitespace are JSON whitespace.
  expectClass(withExtra("") + "\r", LineClass::Track);
  expectClass("  \t" + withExtra("") + "  ", LineClass::Track);
}

TEST(EventDecoderMalformed, NotOneJsonObject) {
  for (std::string_view line : {"not json", "[1,2]", "\"track\"", "42", "null", "true", "{", "}", "{\"type\"",
                                R"({"type":"track")", R"({"a":1,})", R"({,})", R"({"a" 1})", R"({'a':1})",
                                R"({"a":1 "b":2})", R"({"a":[1,]})", R"({"a":[1 2]})", R"({"a":{"b"}})",
                                R"({"a":1]})", R"({"a":[1}})", R"({a:1})"}) {
    const DecodedEvent e = decodeLine(line);
    EXPECT_EQ(e.cls, LineClass::Malformed) << line;
    EXPECT_FALSE(e.reason.empty());
  }
}

TEST(EventDecoderMalformed, TrailingContent) {
  for (std::string_view tail : std::initializer_list<std::string_view>{
           " x", "{}", " {\"a\":1}", "}", "]", ",", " 1", "\"s\"", "\x01", std::string_view("\0", 1)})
    expectClass(withExtra("") + std::string(tail), LineClass::Malformed);
}

TEST(EventDecoderMalformed, BadJsonInFieldsNobodyReads) {
  for (std::string_view value :
       {"tru", "truex", "nul", "fals", "True", "NaN", "Infinity", "-Infinity", "01", "-01", "1.", ".5", "-", "+1",
        "1e", "1e+", "0x10", "1.5.2", "--1", R"("\q")", R"("\u12G4")", R"("\u12")", R"("\x41")", "\"a\tb\"",
        "\"a\x01b\"", R"({"x":tru})", R"({"x":[1,2,{"y":nul}]})", R"([1,"\q"])", R"({"\q":1})", "[01]",
        R"({"a":1,"a":tru})", "\"\xff\"", "undefined", "'x'"}) {
    expectClass(withExtra(std::string(R"(,"context":)") + std::string(value)), LineClass::Malformed);
  }
}

TEST(EventDecoderMalformed, ValidJsonInFieldsNobodyReads) {
  for (std::string_view value :
       {"true", "false", "null", "0", "-0", "-0.0e-0", "1E+2", "123456789012345678901234567890", "1e400", "-1e400",
        "1e-400", R"("\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00")", R"({"a":[],"b":{},"c":[[[]]]})", "\"\xc3\xa9\"",
        R"({"x":1,"x":2})", " [ 1 , 2 ] "}) {
    expectClass(withExtra(std::string(R"(,"context":)") + std::string(value)), LineClass::Track);
  }
}

TEST(EventDecoderMalformed, UnpairedSurrogatesAnywhere) {
  for (std::string_view s : {R"("\ud800")", R"("\udbff")", R"("\udc00")", R"("\udfff")", R"("\ud800x")",
                             R"("\ud800\u0041")", R"("\ud800\ud800")", R"("\udc00\ud800")", R"("a\ud800")"}) {
    const std::string str(s);
    expectClass(withExtra(",\"context\":" + str), LineClass::Malformed);                       // unread value
    expectClass(withExtra(",\"context\":{" + str + ":1}"), LineClass::Malformed);              // a key
    expectClass(withExtra(",\"properties\":{\"source\":" + str + "}"), LineClass::Malformed);  // a read value
    expectClass(withExtra(",\"properties\":{\"other\":[" + str + "]}"), LineClass::Malformed);  // unread property
    expectClass(withExtra(",\"messageId\":" + str), LineClass::Malformed);
  }
  // A pair is fine.
  const DecodedEvent e = decodeLine(withExtra(R"(,"properties":{"source":"\ud83d\ude00"})"));
  ASSERT_EQ(e.cls, LineClass::Track) << e.reason;
  EXPECT_EQ(e.props[0].str(), "\xf0\x9f\x98\x80");
}

TEST(EventDecoderMalformed, InvalidUtf8) {
  for (std::string_view bytes : {"\xff", "\xc0\xaf", "\xe2\x82", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\x80", "\xc3"}) {
    const std::string b(bytes);
    expectClass(withExtra(",\"context\":\"" + b + "\""), LineClass::Malformed);
    expectClass(withExtra(",\"" + b + "\":1"), LineClass::Malformed);
    expectClass(withExtra(" " + b), LineClass::Malformed);
  }
  expectClass("\xef\xbb\xbf" + withExtra(""), LineClass::Malformed);  // a BOM is not JSON whitespace
  expectClass(withExtra(",\"context\":\"\xe2\x82\xac \xf0\x9f\x98\x80\""), LineClass::Track);
}

TEST(EventDecoderMalformed, NestingDepthLimit) {
  auto nested = [](int depth) {
    return withExtra(",\"context\":" + std::string(static_cast<size_t>(depth), '[') +
                     std::string(static_cast<size_t>(depth), ']'));
  };
  // The top-level object is level 1: 1023 more levels are fine, 1024 more are too deep.
  expectClass(nested(1023), LineClass::Track);
  expectClass(nested(1024), LineClass::Malformed);
  expectClass(nested(100000), LineClass::Malformed);
  std::string objects = withExtra(",\"context\":");
  objects.pop_back();
  for (int i = 0; i < 1100; ++i) objects += "{\"a\":";
  objects += "1" + std::string(1100, '}') + "}";
  expectClass(objects, LineClass::Malformed);
}

TEST(EventDecoderMalformed, Type) {
  auto line = [](std::string_view type) {
    return std::string(R"({"userId":"u1","event":"Signed Up","timestamp":"2025-01-01T09:00:00Z")") +
           std::string(type) + "}";
  };
  for (std::string_view bad : {"", R"(,"type":5)", R"(,"type":null)", R"(,"type":"Track")", R"(,"type":"trackx")",
                               R"(,"type":"")", R"(,"type":["track"])", R"(,"type":true)"}) {
    const DecodedEvent e = decodeLine(line(bad));
    EXPECT_EQ(e.cls, LineClass::Malformed) << bad;
    EXPECT_NE(e.reason.find("type"), std::string::npos) << e.reason;
  }
  expectClass(line(R"(,"type":"tr\u0061ck")"), LineClass::Track);
  for (std::string_view ignored : {"page", "screen", "group", "alias"}) {
    const DecodedEvent e = decodeLine(line(std::string(R"(,"type":")") + std::string(ignored) + "\""));
    EXPECT_EQ(e.cls, LineClass::Ignored) << ignored;
    EXPECT_EQ(e.reason, std::string(ignored) + " call");
    EXPECT_EQ(e.user, "u1");  // well-formed: the engine still advances the watermark
  }
}

TEST(EventDecoderMalformed, User) {
  auto line = [](std::string_view ids) {
    return std::string(R"({"type":"track","event":"Signed Up","timestamp":"2025-01-01T09:00:00Z")") +
           std::string(ids) + "}";
  };
  struct Case {
    std::string_view ids;
    std::string_view user;  // empty: malformed
  };
  for (const Case& c : std::initializer_list<Case>{
           {R"(,"userId":"u1","anonymousId":"a1")", "u1"},
           {R"(,"anonymousId":"a1","userId":"u1")", "u1"},
           {R"(,"userId":"","anonymousId":"a1")", "a1"},
           {R"(,"userId":null,"anonymousId":"a1")", "a1"},
           {R"(,"userId":42,"anonymousId":"a1")", "a1"},  // numeric ids are not converted
           {R"(,"anonymousId":"a1")", "a1"},
           {R"(,"userId":"u\u0031")", "u1"},
           {R"(,"userId":42)", ""},
           {R"(,"anonymousId":42)", ""},
           {R"(,"userId":"","anonymousId":"")", ""},
           {R"(,"userId":["u1"])", ""},
           {"", ""},
       }) {
    const DecodedEvent e = decodeLine(line(c.ids));
    if (c.user.empty()) {
      EXPECT_EQ(e.cls, LineClass::Malformed) << c.ids;
      EXPECT_NE(e.reason.find("userId"), std::string::npos) << e.reason;
    } else {
      EXPECT_EQ(e.cls, LineClass::Track) << c.ids << ": " << e.reason;
      EXPECT_EQ(e.user, c.user) << c.ids;
    }
  }
}

int64_t iso(std::string_view text) {
  int64_t t = 0;
  EXPECT_EQ(civil::parseIso(text, t), civil::IsoError::None) << text;
  return t;
}

TEST(EventDecoderMalformed, Timestamp) {
  auto line = [](std::string_view stamp) {
    std::string s = R"({"type":"identify","userId":"u1")";
    if (!stamp.empty()) s.append(R"(,"timestamp":)").append(stamp);
    return s + "}";
  };
  struct Case {
    std::string_view json;
    int64_t t;  // INT64_MIN: malformed
  };
  const int64_t base = iso("2025-01-01T09:00:00Z");
  for (const Case& c : std::initializer_list<Case>{
           {R"("2025-01-01T09:00:00Z")", base},
           {R"("2025-01-01T09:00Z")", base},                        // seconds optional
           {R"("2025-01-01T09:00:00.250Z")", base + 250},
           {R"("2025-01-01T09:00:00.2Z")", base + 200},
           {R"("2025-01-01T09:00:00.123456789Z")", base + 123},     // digits past ms truncated
           {R"("2025-01-01T11:00:00+02:00")", base},
           {R"("2025-01-01T11:00:00+0200")", base},
           {R"("2025-01-01T03:30:00-05:30")", base},
           {R"("2025-01-01T09:00:00.999-00:00")", base + 999},
           {"1735722000000", base},                                 // epoch milliseconds
           {"-62135596800000", civil::kMinTime},
           {"253402300799999", civil::kMaxTime},
           {R"("0001-01-01T00:00:00Z")", civil::kMinTime},
           {R"("9999-12-31T23:59:59.999Z")", civil::kMaxTime},
           {R"("2025-01-01T09:00:00")", INT64_MIN},                 // no zone
           {R"("2025-01-01")", INT64_MIN},
           {R"("2025-01-01 09:00:00Z")", INT64_MIN},
           {R"("2025-02-30T09:00:00Z")", INT64_MIN},
           {R"("2025-01-01T24:00:00Z")", INT64_MIN},
           {R"("2025-01-01T09:00:00.Z")", INT64_MIN},
           {R"("0000-12-31T23:00:00Z")", INT64_MIN},
           {R"("9999-12-31T23:59:59.999-01:00")", INT64_MIN},       // past year 9999 in UTC
           {R"("0001-01-01T00:30:00+01:00")", INT64_MIN},           // before year 0001 in UTC
           {R"("1735722000000")", INT64_MIN},
           {"-62135596800001", INT64_MIN},
           {"253402300800000", INT64_MIN},
           {"99999999999999999999", INT64_MIN},
           {"1735722000000.0", INT64_MIN},                          // a float, not an integer
           {"1.735722e12", INT64_MIN},
           {"null", INT64_MIN},
           {"true", INT64_MIN},
           {"{}", INT64_MIN},
           {"", INT64_MIN},                                         // missing
       }) {
    const DecodedEvent e = decodeLine(line(c.json));
    if (c.t == INT64_MIN) {
      EXPECT_EQ(e.cls, LineClass::Malformed) << c.json;
      EXPECT_NE(e.reason.find("timestamp"), std::string::npos) << e.reason;
    } else {
      EXPECT_EQ(e.cls, LineClass::Identify) << c.json << ": " << e.reason;
      EXPECT_EQ(e.t, c.t) << c.json;
    }
  }
}

TEST(EventDecoderMalformed, TrackNeedsAStringEvent) {
  const std::string head = R"({"type":"track","userId":"u1","timestamp":"2025-01-01T09:00:00Z")";
  for (std::string_view event : {"", R"(,"event":5)", R"(,"event":null)", R"(,"event":["Signed Up"])"}) {
    const DecodedEvent e = decodeLine(head + std::string(event) + "}");
    EXPECT_EQ(e.cls, LineClass::Malformed) << event;
    EXPECT_NE(e.reason.find("event"), std::string::npos) << e.reason;
  }
  // Other calls need no event.
  expectClass(R"({"type":"identify","userId":"u1","timestamp":"2025-01-01T09:00:00Z"})", LineClass::Identify);
  expectClass(R"({"type":"page","userId":"u1","timestamp":"2025-01-01T09:00:00Z","event":5})", LineClass::Ignored);
}

TEST(EventDecoderMalformed, ClassificationOrder) {
  // Malformed before ignored: a page call with a bad timestamp.
  expectClass(R"({"type":"page","userId":"u1","timestamp":"yesterday"})", LineClass::Malformed);
  // Ignored before invalid: an undeclared event whose properties are not an object.
  const DecodedEvent e = decodeLine(trackLine("Nope", "5"));
  EXPECT_EQ(e.cls, LineClass::Ignored);
  EXPECT_EQ(e.reason, "undeclared event `Nope`");
  // ... but its properties must still be valid JSON.
  expectClass(trackLine("Nope", R"({"a":tru})"), LineClass::Malformed);
  // Malformed before invalid: a declared event with a bad property and a bad timestamp.
  expectClass(R"({"type":"track","userId":"u1","event":"Step Failed","timestamp":5.5,"properties":{"code":"x"}})",
              LineClass::Malformed);
  // Invalid JSON after an invalid property makes the line malformed.
  expectClass(trackLine("Step Failed", R"({"step":"a","code":"x"},"context":tru)"), LineClass::Malformed);
}

TEST(EventDecoderMalformed, FirstKeyWins) {
  const std::string tail = R"(,"timestamp":"2025-01-01T09:00:00Z"})";
  DecodedEvent e = decodeLine(R"({"type":"track","type":"identify","userId":"u1","event":"Signed Up")" + tail);
  EXPECT_EQ(e.cls, LineClass::Track);
  e = decodeLine(R"({"type":"track","userId":"u1","userId":"u2","event":"Signed Up")" + tail);
  EXPECT_EQ(e.user, "u1");
  e = decodeLine(R"({"type":"track","userId":"","userId":"u2","anonymousId":"a","event":"Signed Up")" + tail);
  EXPECT_EQ(e.user, "a");
  e = decodeLine(R"({"type":"track","userId":"u1","event":"Signed Up","event":"Nope")" + tail);
  EXPECT_EQ(e.cls, LineClass::Track);
  e = decodeLine(R"({"type":"track","userId":"u1","event":"Nope","event":"Signed Up")" + tail);
  EXPECT_EQ(e.cls, LineClass::Ignored);
  e = decodeLine(R"({"type":"identify","userId":"u1","timestamp":"bad","timestamp":"2025-01-01T09:00:00Z"})");
  EXPECT_EQ(e.cls, LineClass::Malformed);
  e = decodeLine(R"({"type":"identify","userId":"u1","timestamp":1000,"timestamp":"bad"})");
  ASSERT_EQ(e.cls, LineClass::Identify);
  EXPECT_EQ(e.t, 1000);
  e = decodeLine(R"({"type":"identify","userId":"u1","timestamp":1000,"messageId":"m1","messageId":"m2"})");
  EXPECT_EQ(e.messageId, "m1");
  // Repeated keys are still validated.
  expectClass(R"({"type":"identify","userId":"u1","timestamp":1000,"type":tru})", LineClass::Malformed);
  // Escaped keys are unescaped before matching (and count as repeats).
  e = decodeLine(R"({"t\u0079pe":"identify","type":"track","userId":"u1","timestamp":1000})");
  EXPECT_EQ(e.cls, LineClass::Identify);
}

TEST(EventDecoderMalformed, MessageId) {
  auto line = [](std::string_view id) {
    return std::string(R"({"type":"identify","userId":"u1","timestamp":1000)") + std::string(id) + "}";
  };
  DecodedEvent e = decodeLine(line(R"(,"messageId":"m-1")"));
  EXPECT_TRUE(e.hasMessageId);
  EXPECT_EQ(e.messageId, "m-1");
  e = decodeLine(line(R"(,"messageId":"")"));
  EXPECT_TRUE(e.hasMessageId);
  EXPECT_EQ(e.messageId, "");
  for (std::string_view id : {"", R"(,"messageId":5)", R"(,"messageId":null)", R"(,"messageId":{"a":"b"})"}) {
    e = decodeLine(line(id));
    EXPECT_EQ(e.cls, LineClass::Identify);
    EXPECT_FALSE(e.hasMessageId) << id;
  }
}

TEST(EventDecoderMalformed, ReasonsAreShortAndHuman) {
  EXPECT_EQ(decodeLine("{\"a\":\"\xff\"}").reason, "not valid UTF-8");
  EXPECT_EQ(decodeLine(R"({"a":"\ud800"})").reason, "invalid JSON: bad string escape or unpaired surrogate");
  EXPECT_EQ(decodeLine(R"({"a":01})").reason, "invalid JSON: bad number");
  EXPECT_EQ(decodeLine(R"({"a":tru})").reason, "invalid JSON: bad literal");
  EXPECT_EQ(decodeLine(R"({"a":1} {})").reason,
            "invalid JSON: bad structure (commas, colons, brackets) or content after it");
  EXPECT_EQ(decodeLine(R"({"a":1,})").reason,
            "invalid JSON: bad structure (commas, colons, brackets) or content after it");
  EXPECT_EQ(decodeLine("{\"a\":\"x\x01\"}").reason, "invalid JSON: unescaped control character in a string");
  EXPECT_EQ(decodeLine(R"({"a":"x)").reason, "invalid JSON: unclosed string");
  // The On Demand path words trailing content more precisely.
  EventDecoder onDemand(testSchema(), EventDecoder::Path::OnDemandOnly);
  DecodedEvent e;
  onDemand.decode(R"({"a":1} x)", 1, e);
  EXPECT_EQ(e.reason, "invalid JSON: unclosed object, or content after it");
  onDemand.decode(R"({"a":1} {})", 1, e);
  EXPECT_EQ(e.reason, "content after the JSON object");
  EXPECT_EQ(decodeLine("[1]").reason.rfind("not a JSON object", 0), 0u);
  EXPECT_EQ(decodeLine(R"({"type":"identify","userId":"u1","timestamp":1.5})").reason,
            "timestamp is not ISO 8601 or epoch milliseconds");
}

}  // namespace
}  // namespace onb::io::test
