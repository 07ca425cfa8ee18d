// Runtime values: what the VM's registers, event properties and user traits hold.
// A value's type is always known statically (the checker typed every expression), so a
// Value carries no type tag: 8 bytes of payload, a string length and a "missing" flag
// for optionals. Strings point into storage that outlives the evaluation reading them
// (the event being processed, a user's trait storage, the constant pool, or the VM's
// scratch arena).
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace onb {

enum class ValueType : uint8_t { Bool, Int, Float, String, Time, Duration, Enum };
std::string_view valueTypeName(ValueType type);

struct Value {
  union {
    int64_t i;      // Int, Time (epoch ms), Duration (ms), Enum (member index), Bool (0/1)
    double f;       // Float
    const char* s;  // String (not NUL-terminated)
  };
  uint32_t len;     // String length in bytes
  uint8_t missing;  // 1: an optional with no value

  static Value ofInt(int64_t v) { Value x; x.i = v; x.len = 0; x.missing = 0; return x; }
  static Value ofBool(bool v) { return ofInt(v ? 1 : 0); }
  static Value ofFloat(double v) { Value x; x.f = v; x.len = 0; x.missing = 0; return x; }
  static Value ofString(std::string_view v) {
    Value x; x.s = v.data(); x.len = static_cast<uint32_t>(v.size()); x.missing = 0; return x;
  }
  static Value none() { Value x; x.i = 0; x.len = 0; x.missing = 1; return x; }
  std::string_view str() const { return std::string_view(s, len); }
};
static_assert(sizeof(Value) == 16, "Value is a hot struct: keep it at 16 bytes");

}  // namespace onb
