// The schema part of a compiled program: events (with wire names and typed properties),
// user traits (with defaults) and enums. The event decoder (runtime/io) is driven by it;
// the checker's declarations are lowered to it by codegen.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/bytecode/value.hpp"

namespace onb::bc {

struct EnumSpec {
  std::vector<std::string> members;  // member index = position
};

struct FieldSpec {
  std::string name;
  ValueType type = ValueType::Bool;
  bool optional = false;
  bool sensitive = false;
  uint32_t enumIndex = 0;  // Enum: index into Schema::enums
};

struct TraitSpec : FieldSpec {
  bool hasDefault = false;
  // The default, when hasDefault. Strings live in defaultText (stringValue.s is unset
  // here; readers use defaultText).
  Value defaultValue = Value::none();
  std::string defaultText;
};

struct EventSpec {
  std::string name;      // the identifier in the program
  std::string wireName;  // the `event` string of track calls (the name when not given)
  std::vector<FieldSpec> properties;
};

struct Schema {
  std::vector<EventSpec> events;  // event index = position (declaration order)
  std::vector<TraitSpec> traits;  // trait index = position (declaration order)
  std::vector<EnumSpec> enums;
  int32_t timezoneTrait = -1;     // index of `timezone: string[?]`, or -1 (quiet hours use UTC)
};

}  // namespace onb::bc
