// Fuzz target: the JSONL event decoder, with a fixed schema (the reference program's).
// Each line of the input is decoded three ways: the fast path in place (with foreign
// bytes as padding), the fast path from a copy, and the On Demand path alone. Properties:
// - the three agree on everything but the wording of JSON errors;
// - a line is malformed for a JSON reason exactly when a strict reference validator
//   (tests/unit/io/json_reference.hpp) says it is not one JSON object;
// - a decoded event can be owned, copied and still reads the same.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "runtime/io/event_decoder.hpp"
#include "tests/fuzz/fuzz_support.hpp"
#include "tests/unit/io/json_reference.hpp"

namespace onb::fuzz {
namespace {

bool isJsonReason(std::string_view reason) {
  for (std::string_view prefix : {"invalid JSON", "not valid UTF-8", "not a JSON object", "content after"})
    if (reason.substr(0, prefix.size()) == prefix) return true;
  return false;
}

// As the decoder defines a blank line (wider than JSON whitespace: \v and \f too).
bool isBlank(std::string_view line) {
  for (char c : line)
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '\v' && c != '\f') return false;
  return true;
}

bool sameValue(const Value& x, const Value& y) {
  if (x.missing != y.missing || x.len != y.len) return false;
  if (x.len > 0) return x.str() == y.str();
  return x.missing || x.i == y.i;  // the bits: ints, bools and floats alike
}

// Empty when `a` and `b` agree, else what differs.
std::string difference(const io::DecodedEvent& a, const io::DecodedEvent& b) {
  if (a.cls != b.cls) return fmt::format("class {} vs {} ({} / {})", int(a.cls), int(b.cls), a.reason, b.reason);
  if (a.reason != b.reason && !(a.cls == io::LineClass::Malformed && isJsonReason(a.reason) && isJsonReason(b.reason)))
    return "reason: " + a.reason + " / " + b.reason;
  if (a.cls == io::LineClass::Blank || a.cls == io::LineClass::Malformed) return {};
  if (a.t != b.t || a.user != b.user || a.hasMessageId != b.hasMessageId || a.messageId != b.messageId ||
      a.event != b.event)
    return "time, user, messageId or event";
  if (a.props.size() != b.props.size()) return "property count";
  for (size_t i = 0; i < a.props.size(); ++i)
    if (!sameValue(a.props[i], b.props[i])) return fmt::format("property {}", i);
  if (a.traits.size() != b.traits.size() || a.traitErrors != b.traitErrors) return "traits";
  for (size_t i = 0; i < a.traits.size(); ++i)
    if (a.traits[i].trait != b.traits[i].trait || a.traits[i].op != b.traits[i].op ||
        !sameValue(a.traits[i].value, b.traits[i].value))
      return fmt::format("trait {}", i);
  return {};
}

struct Decoders {
  Decoders()
      : schema(fixedProgram("reference").schema),
        fast(schema),
        copying(schema),
        onDemand(schema, io::EventDecoder::Path::OnDemandOnly) {}
  const bc::Schema& schema;
  io::EventDecoder fast, copying, onDemand;
  io::DecodedEvent a, b, c;
  std::string padded;
};

void decodeLine(Decoders& d, std::string_view line, uint64_t number) {
  d.padded.assign(line);
  d.padded.append(io::kPadding, static_cast<char>(number % 2 ? '"' : '{'));
  d.fast.decode(d.padded.data(), line.size(), d.padded.size(), number, d.a);
  d.copying.decode(line, number, d.b);
  d.onDemand.decode(line, number, d.c);
  if (std::string diff = difference(d.a, d.b); !diff.empty()) fail("in-place and copying decodes differ: " + diff, line);
  if (std::string diff = difference(d.a, d.c); !diff.empty()) fail("the two decoding paths differ: " + diff, line);
  if (d.a.line != number) fail("wrong line number", line);
  if (!isBlank(line)) {
    const bool valid = io::test::JsonReference::isObjectLine(line);
    const bool jsonError = d.a.cls == io::LineClass::Malformed && isJsonReason(d.a.reason);
    if (valid == jsonError) fail(valid ? "valid JSON called malformed: " + d.a.reason : "invalid JSON accepted", line);
  }
  if (d.a.cls == io::LineClass::Track && d.a.props.size() != d.schema.events.at(d.a.event).properties.size())
    fail("a track event without one value per declared property", line);
  io::DecodedEvent copy = d.a;  // deep copy: owns its strings
  d.a.own();
  if (std::string diff = difference(d.a, copy); !diff.empty()) fail("an owned copy differs: " + diff, line);
  d.padded.assign(d.padded.size(), 'x');  // the copy must not point into the decoder's buffers
  if (std::string diff = difference(d.a, copy); !diff.empty()) fail("an owned copy changed: " + diff, line);
}

}  // namespace
}  // namespace onb::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace onb::fuzz;
  static Decoders decoders;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  uint64_t number = 0;
  for (std::string_view line : splitLines(text)) decodeLine(decoders, line, ++number);
  return 0;
}
