// Private to onb_runtime (no simdjson here): what both decoding paths share.
//
// A path (dom_path.cpp, ondemand_path.cpp) validates the line, reads the top-level fields
// into a LineScan (first occurrence of each key), decodes `properties` or `traits` into
// the DecodedEvent, and classify() then applies LANGUAGE.md section 7 in order:
// malformed (type, user, timestamp, event name), ignored, invalid, track / identify.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/bytecode/schema.hpp"
#include "runtime/io/decoded_event.hpp"
#include "runtime/io/name_table.hpp"

namespace onb::io::detail {

enum class CallType : uint8_t { Unknown, Track, Identify, Page, Screen, Group, Alias };
CallType callTypeOf(std::string_view s);

// The top-level keys the decoder reads, as bits of LineScan::seen.
enum TopKey : uint32_t {
  kNoKey = 0,
  kType = 1u << 0,
  kUserId = 1u << 1,
  kAnonymousId = 1u << 2,
  kEvent = 1u << 3,
  kTimestamp = 1u << 4,
  kMessageId = 1u << 5,
  kProperties = 1u << 6,
  kTraits = 1u << 7,
};
TopKey topKeyOf(std::string_view key);

enum class Stamp : uint8_t { Missing, Ok, NotTime, OutOfRange };

// `properties` / `traits`: absent, null, not an object, or an object (decoded when it
// matters: properties of a declared track, traits of an identify). Deferred: the On
// Demand path saw it before `type`/`event` and decodes its span after the scan.
enum class Body : uint8_t { Absent, Null, NotObject, Object, Deferred };

// A string field's view is meaningful only when its flag (userIdIsString, ...) is set,
// a span only when its body is Deferred: reset() clears the flags alone (zeroing the
// whole struct per line showed up in profiles).
struct LineScan {
  void reset() {
    seen = 0;
    type = CallType::Unknown;
    userIdIsString = anonymousIdIsString = eventIsString = messageIdIsString = false;
    stamp = Stamp::Missing;
    t = 0;
    props = traits = Body::Absent;
    invalid = false;
  }

  uint32_t seen = 0;  // TopKey bits: a repeated key is validated but not read
  CallType type = CallType::Unknown;
  bool userIdIsString = false, anonymousIdIsString = false, eventIsString = false, messageIdIsString = false;
  std::string_view userId, anonymousId, eventName, messageId;
  Stamp stamp = Stamp::Missing;
  int64_t t = 0;
  Body props = Body::Absent, traits = Body::Absent;
  std::string_view propsSpan, traitsSpan;  // Deferred bodies (On Demand path)
  bool invalid = false;                    // a property did not fit: DecodedEvent::reason says why
};

// Lookup tables built once from the schema.
struct SchemaTables {
  explicit SchemaTables(const bc::Schema& s);

  const bc::Schema& schema;
  NameTable events;                   // wire name -> event index
  std::vector<NameTable> properties;  // per event: property name -> index
  NameTable traits;                   // trait name -> index
  std::vector<NameTable> enums;       // per enum: member -> index
  size_t widestObject = 0;            // most properties of an event, or traits

  const NameTable* membersOf(const bc::FieldSpec& spec) const {
    return spec.type == ValueType::Enum ? &enums[spec.enumIndex] : nullptr;
  }
  // The declared event a track names, or NameTable::kNotFound.
  uint32_t eventIndex(const LineScan& scan) const {
    if (scan.type != CallType::Track || !scan.eventIsString) return NameTable::kNotFound;
    return events.find(scan.eventName);
  }
};

// First key wins inside properties and traits: field i was seen in the current object
// iff seenAt[i] == stamp. begin() starts an object without clearing anything.
class FieldMarks {
 public:
  explicit FieldMarks(size_t fields) : seenAt_(fields, 0) {}
  void begin() {
    if (++stamp_ == 0) {  // wrapped: forget every old mark
      std::fill(seenAt_.begin(), seenAt_.end(), 0);
      stamp_ = 1;
    }
  }
  // Marks field i; false when it was already seen in this object.
  bool mark(uint32_t i) {
    if (seenAt_[i] == stamp_) return false;
    seenAt_[i] = stamp_;
    return true;
  }

 private:
  std::vector<uint32_t> seenAt_;
  uint32_t stamp_ = 0;
};

// Applies the rules after a successful scan: sets out.cls, out.reason and the fields
// of a well-formed line.
void classify(const SchemaTables& tables, const LineScan& scan, DecodedEvent& out);

}  // namespace onb::io::detail
