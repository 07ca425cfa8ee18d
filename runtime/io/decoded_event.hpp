// One input line, decoded against the program's schema (LANGUAGE.md section 7).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/bytecode/value.hpp"

namespace onb::io {

// How a line is classified, in the order LANGUAGE.md section 6 gives (malformed, ignored,
// invalid; late and duplicate are decided by the engine, which knows the watermark and
// the user's history).
enum class LineClass : uint8_t {
  Blank,      // only whitespace: skipped, not counted
  Malformed,  // not a JSON object, bad type/timestamp/user/event name: reason set
  Ignored,    // page/screen/group/alias, or a track of an undeclared event
  Invalid,    // a declared event with a bad property, or an identify whose traits are not an object
  Track,      // a declared event with valid properties
  Identify,   // traits to merge (see traits / traitErrors)
};

enum class TraitOp : uint8_t { Set, Remove };

struct TraitUpdate {
  uint32_t trait;  // index into Schema::traits
  TraitOp op;
  Value value;     // Set: the new value (strings point into the event's storage)
};

struct DecodedEvent {
  LineClass cls = LineClass::Blank;
  uint64_t line = 0;             // 1-based input line number
  int64_t t = 0;                 // epoch ms; valid unless Blank or Malformed
  std::string_view user;         // userId (non-empty string) else anonymousId
  bool hasMessageId = false;     // messageId present and a string
  std::string_view messageId;
  uint32_t event = 0;            // Track: index into Schema::events
  std::vector<Value> props;      // Track: one per declared property (missing optionals: Value::none())
  std::vector<TraitUpdate> traits;        // Identify: declared traits present in `traits`
  std::vector<std::string> traitErrors;   // Identify: declared traits of the wrong type (skipped)
  std::string reason;            // Malformed / Invalid / Ignored: why, for reports

  // The string_views and string Values above point into the decoder's buffers, valid
  // until the next decode() on the same decoder. own() copies them into this event's
  // storage so the event can be held (allowed lateness, deferred firings).
  // Values carry no type tag: own() rebases exactly the Values with len > 0 (the decoder
  // points empty strings at a static "", and non-strings have len 0). Calling own()
  // again, or on a copy, is fine; one allocation per call when there are strings.
  void own();
  DecodedEvent() = default;
  DecodedEvent(DecodedEvent&&) = default;
  DecodedEvent& operator=(DecodedEvent&&) = default;
  DecodedEvent(const DecodedEvent& other) { *this = other; }
  DecodedEvent& operator=(const DecodedEvent& other);  // deep copy; the copy owns its strings

 private:
  std::unique_ptr<char[]> storage_;
  size_t storageSize_ = 0;
};

}  // namespace onb::io
