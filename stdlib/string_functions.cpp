// String built-ins: lower, upper (ASCII letters only), len (code points), contains,
// starts_with, ends_with. Strings are UTF-8; comparisons are bytewise.
#include <cstring>

#include "stdlib/builtins.hpp"
#include "stdlib/functions_impl.hpp"

namespace onb::stdlib {

bool lowerS(const Value* a, Value& out, Scratch& scratch, const char*&) {
  char* p = scratch.allocate(a[0].len);
  for (uint32_t i = 0; i < a[0].len; ++i) {
    char c = a[0].s[i];
    p[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  out = Value::ofString(std::string_view(p, a[0].len));
  return true;
}

bool upperS(const Value* a, Value& out, Scratch& scratch, const char*&) {
  char* p = scratch.allocate(a[0].len);
  for (uint32_t i = 0; i < a[0].len; ++i) {
    char c = a[0].s[i];
    p[i] = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  out = Value::ofString(std::string_view(p, a[0].len));
  return true;
}

bool lenS(const Value* a, Value& out, Scratch&, const char*&) {
  int64_t n = 0;
  for (uint32_t i = 0; i < a[0].len; ++i)
    if ((static_cast<unsigned char>(a[0].s[i]) & 0xC0) != 0x80) ++n;
  out = Value::ofInt(n);
  return true;
}

bool containsSS(const Value* a, Value& out, Scratch&, const char*&) {
  out = Value::ofBool(a[0].str().find(a[1].str()) != std::string_view::npos);
  return true;
}

bool startsWithSS(const Value* a, Value& out, Scratch&, const char*&) {
  out = Value::ofBool(a[0].str().starts_with(a[1].str()));
  return true;
}

bool endsWithSS(const Value* a, Value& out, Scratch&, const char*&) {
  out = Value::ofBool(a[0].str().ends_with(a[1].str()));
  return true;
}

}  // namespace onb::stdlib
