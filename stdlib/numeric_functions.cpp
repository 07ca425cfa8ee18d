// Numeric built-ins: min, max (int, float, duration, time) and abs (int, float, duration).
// abs of the smallest int (or duration) overflows and is a runtime error.
#include <cmath>
#include <limits>

#include "stdlib/builtins.hpp"
#include "stdlib/functions_impl.hpp"

namespace onb::stdlib {

bool minII(const Value* a, Value& out, Scratch&, const char*&) {
  out = Value::ofInt(a[0].i < a[1].i ? a[0].i : a[1].i);
  return true;
}
bool maxII(const Value* a, Value& out, Scratch&, const char*&) {
  out = Value::ofInt(a[0].i > a[1].i ? a[0].i : a[1].i);
  return true;
}
bool minFF(const Value* a, Value& out, Scratch&, const char*&) {
  out = Value::ofFloat(std::fmin(a[0].f, a[1].f));
  return true;
}
bool maxFF(const Value* a, Value& out, Scratch&, const char*&) {
  out = Value::ofFloat(std::fmax(a[0].f, a[1].f));
  return true;
}
bool absI(const Value* a, Value& out, Scratch&, const char*& error) {
  if (a[0].i == std::numeric_limits<int64_t>::min()) {
    error = "integer overflow in abs";
    return false;
  }
  out = Value::ofInt(a[0].i < 0 ? -a[0].i : a[0].i);
  return true;
}
bool absF(const Value* a, Value& out, Scratch&, const char*&) {
  out = Value::ofFloat(std::fabs(a[0].f));
  return true;
}

}  // namespace onb::stdlib
