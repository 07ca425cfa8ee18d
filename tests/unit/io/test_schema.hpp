// A schema for the io tests, built directly (no compiler), and decoding helpers.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "runtime/bytecode/schema.hpp"
#include "runtime/io/decoded_event.hpp"
#include "runtime/io/event_decoder.hpp"

namespace onb::io::test {

inline bc::FieldSpec field(std::string name, ValueType type, bool optional = false, uint32_t enumIndex = 0) {
  bc::FieldSpec f;
  f.name = std::move(name);
  f.type = type;
  f.optional = optional;
  f.enumIndex = enumIndex;
  return f;
}

inline bc::TraitSpec trait(std::string name, ValueType type, bool optional = false, uint32_t enumIndex = 0) {
  bc::TraitSpec t;
  static_cast<bc::FieldSpec&>(t) = field(std::move(name), type, optional, enumIndex);
  return t;
}

// Event indexes of testSchema().
enum : uint32_t { kSignedUp, kStepFailed, kTyped, kOptional, kPing };

// event signed_up "Signed Up" { source: string? }
// event step_failed "Step Failed" { step: string, code: int, ratio: float? }
// event typed "Typed" { b: bool, i: int, f: float, s: string, t: time, d: duration, e: plan }
// event optional "Optional" { same fields, all optional }
// event ping
// user { plan: enum(free, pro, enterprise), first_name: string?, age: int?, email_consent: bool,
//        score: float, birthday: time?, wait: duration? }
inline const bc::Schema& testSchema() {
  static const bc::Schema schema = [] {
    bc::Schema s;
    s.enums.push_back(bc::EnumSpec{{"free", "pro", "enterprise"}});
    s.events.push_back(bc::EventSpec{"signed_up", "Signed Up", {field("source", ValueType::String, true)}});
    s.events.push_back(bc::EventSpec{"step_failed",
                                     "Step Failed",
                                     {field("step", ValueType::String), field("code", ValueType::Int),
                                      field("ratio", ValueType::Float, true)}});
    for (bool optional : {false, true}) {
      s.events.push_back(bc::EventSpec{optional ? "optional" : "typed",
                                       optional ? "Optional" : "Typed",
                                       {field("b", ValueType::Bool, optional), field("i", ValueType::Int, optional),
                                        field("f", ValueType::Float, optional), field("s", ValueType::String, optional),
                                        field("t", ValueType::Time, optional),
                                        field("d", ValueType::Duration, optional),
                                        field("e", ValueType::Enum, optional, 0)}});
    }
    s.events.push_back(bc::EventSpec{"ping", "ping", {}});
    s.traits.push_back(trait("plan", ValueType::Enum, false, 0));
    s.traits.push_back(trait("first_name", ValueType::String, true));
    s.traits.push_back(trait("age", ValueType::Int, true));
    s.traits.push_back(trait("email_consent", ValueType::Bool));
    s.traits.push_back(trait("score", ValueType::Float));
    s.traits.push_back(trait("birthday", ValueType::Time, true));
    s.traits.push_back(trait("wait", ValueType::Duration, true));
    return s;
  }();
  return schema;
}

inline bool isJsonReason(const std::string& reason) {
  for (std::string_view prefix : {"invalid JSON", "not valid UTF-8", "not a JSON object", "content after"})
    if (reason.rfind(prefix, 0) == 0) return true;
  return false;
}

// The two decoding paths must agree on everything but the wording of JSON errors.
inline void expectSameDecoding(const DecodedEvent& a, const DecodedEvent& b, std::string_view line) {
  ASSERT_EQ(a.cls, b.cls) << line << "\n" << a.reason << "\n" << b.reason;
  if (!(a.cls == LineClass::Malformed && isJsonReason(a.reason) && isJsonReason(b.reason))) {
    EXPECT_EQ(a.reason, b.reason) << line;
  }
  EXPECT_EQ(a.line, b.line);
  EXPECT_EQ(a.t, b.t) << line;
  EXPECT_EQ(a.user, b.user) << line;
  EXPECT_EQ(a.hasMessageId, b.hasMessageId) << line;
  EXPECT_EQ(a.messageId, b.messageId) << line;
  EXPECT_EQ(a.event, b.event) << line;
  auto same = [&](const Value& x, const Value& y) {
    EXPECT_EQ(x.missing, y.missing) << line;
    EXPECT_EQ(x.len, y.len) << line;
    if (x.len > 0) {
      EXPECT_EQ(x.str(), y.str()) << line;
    } else if (!x.missing) {
      EXPECT_EQ(x.i, y.i) << line;  // the bits: ints, bools and floats alike
    }
  };
  ASSERT_EQ(a.props.size(), b.props.size()) << line;
  for (size_t i = 0; i < a.props.size(); ++i) same(a.props[i], b.props[i]);
  ASSERT_EQ(a.traits.size(), b.traits.size()) << line;
  for (size_t i = 0; i < a.traits.size(); ++i) {
    EXPECT_EQ(a.traits[i].trait, b.traits[i].trait) << line;
    EXPECT_EQ(a.traits[i].op, b.traits[i].op) << line;
    same(a.traits[i].value, b.traits[i].value);
  }
  EXPECT_EQ(a.traitErrors, b.traitErrors) << line;
}

// Decodes one line with fresh decoders, through both paths (the fast DOM path with its
// fallback, and the On Demand path alone), checks that they agree and returns the first
// result, which owns its strings.
inline DecodedEvent decodeLine(std::string_view line, uint64_t lineNo = 1) {
  EventDecoder decoder(testSchema());
  EventDecoder onDemand(testSchema(), EventDecoder::Path::OnDemandOnly);
  DecodedEvent event, other;
  decoder.decode(line, lineNo, event);
  onDemand.decode(line, lineNo, other);
  expectSameDecoding(event, other, line);
  event.own();
  return event;
}

// A track line of `event` with the given properties JSON (or none when empty).
inline std::string trackLine(std::string_view event, std::string_view properties) {
  std::string line = R"({"type":"track","userId":"u1","event":")";
  line.append(event).append(R"(","timestamp":"2025-01-01T09:00:00Z")");
  if (!properties.empty()) line.append(R"(,"properties":)").append(properties);
  line.append("}");
  return line;
}

inline const char* className(LineClass c) {
  switch (c) {
    case LineClass::Blank: return "Blank";
    case LineClass::Malformed: return "Malformed";
    case LineClass::Ignored: return "Ignored";
    case LineClass::Invalid: return "Invalid";
    case LineClass::Track: return "Track";
    case LineClass::Identify: return "Identify";
  }
  return "?";
}

}  // namespace onb::io::test
