// A strict, slow and obviously correct JSON validator: the oracle the decoder's full
// validation is checked against. RFC 8259, plus: UTF-8 must be valid (no overlongs, no
// encoded surrogates, nothing past U+10FFFF), \u escapes must pair surrogates, and
// containers nest at most 1024 deep (the decoder's documented limit).
#pragma once

#include <cstddef>
#include <string_view>

namespace onb::io::test {

class JsonReference {
 public:
  // True when `line` is exactly one JSON object, with optional whitespace around it.
  static bool isObjectLine(std::string_view line) {
    if (!validUtf8(line)) return false;
    JsonReference r(line);
    r.space();
    if (r.peek() != '{') return false;
    if (!r.value()) return false;
    r.space();
    return r.i_ == line.size();
  }

 private:
  explicit JsonReference(std::string_view s) : s_(s) {}

  static bool validUtf8(std::string_view s) {
    for (size_t i = 0; i < s.size();) {
      const unsigned char c = static_cast<unsigned char>(s[i]);
      size_t n;
      unsigned cp;
      if (c < 0x80) { ++i; continue; }
      if (c >= 0xc2 && c <= 0xdf) { n = 1; cp = c & 0x1f; }
      else if (c >= 0xe0 && c <= 0xef) { n = 2; cp = c & 0x0f; }
      else if (c >= 0xf0 && c <= 0xf4) { n = 3; cp = c & 0x07; }
      else return false;
      if (i + n >= s.size()) return false;  // the continuation bytes are cut off
      for (size_t k = 1; k <= n; ++k) {
        const unsigned char d = static_cast<unsigned char>(s[i + k]);
        if ((d & 0xc0) != 0x80) return false;
        cp = (cp << 6) | (d & 0x3f);
      }
      if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return false;
      i += n + 1;
    }
    return true;
  }

  int peek() const { return i_ < s_.size() ? static_cast<unsigned char>(s_[i_]) : -1; }
  void space() {
    while (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r') ++i_;
  }
  bool eat(char c) {
    if (peek() != static_cast<unsigned char>(c)) return false;
    ++i_;
    return true;
  }
  bool word(std::string_view w) {
    if (s_.substr(i_, w.size()) != w) return false;
    i_ += w.size();
    return true;
  }

  bool value() {
    space();
    bool ok;
    switch (peek()) {
      case '{': ok = object(); break;
      case '[': ok = array(); break;
      case '"': ok = string(); break;
      case 't': ok = word("true"); break;
      case 'f': ok = word("false"); break;
      case 'n': ok = word("null"); break;
      default: ok = number(); break;
    }
    space();
    return ok;
  }

  bool object() {
    if (++depth_ > 1024) return false;
    ++i_;
    space();
    if (eat('}')) return --depth_, true;
    for (;;) {
      space();
      if (peek() != '"' || !string()) return false;
      space();
      if (!eat(':') || !value()) return false;
      if (eat('}')) return --depth_, true;
      if (!eat(',')) return false;
    }
  }

  bool array() {
    if (++depth_ > 1024) return false;
    ++i_;
    space();
    if (eat(']')) return --depth_, true;
    for (;;) {
      if (!value()) return false;
      if (eat(']')) return --depth_, true;
      if (!eat(',')) return false;
    }
  }

  bool hex4(unsigned& out) {
    out = 0;
    for (int k = 0; k < 4; ++k) {
      const int c = peek();
      unsigned d;
      if (c >= '0' && c <= '9') d = static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f') d = static_cast<unsigned>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') d = static_cast<unsigned>(c - 'A' + 10);
      else return false;
      out = out * 16 + d;
      ++i_;
    }
    return true;
  }

  bool string() {
    ++i_;
    for (;;) {
      const int c = peek();
      if (c < 0) return false;
      ++i_;
      if (c == '"') return true;
      if (c < 0x20) return false;
      if (c != '\\') continue;
      const int e = peek();
      ++i_;
      if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't') continue;
      if (e != 'u') return false;
      unsigned cp;
      if (!hex4(cp)) return false;
      if (cp >= 0xdc00 && cp <= 0xdfff) return false;  // a low surrogate alone
      if (cp >= 0xd800 && cp <= 0xdbff) {
        unsigned low;
        if (!word("\\u") || !hex4(low) || low < 0xdc00 || low > 0xdfff) return false;
      }
    }
  }

  bool number() {
    auto digit = [&] { return peek() >= '0' && peek() <= '9'; };
    eat('-');
    if (!digit()) return false;
    if (!eat('0'))
      while (digit()) ++i_;
    if (eat('.')) {
      if (!digit()) return false;
      while (digit()) ++i_;
    }
    if (eat('e') || eat('E')) {
      if (!eat('+')) eat('-');
      if (!digit()) return false;
      while (digit()) ++i_;
    }
    return true;
  }

  std::string_view s_;
  size_t i_ = 0;
  int depth_ = 0;
};

}  // namespace onb::io::test
