#include "grammar/parser/utf8.hpp"

namespace onb::parser {

uint32_t decodeUtf8(const char* p, const char* end, uint32_t& codePoint) {
  const auto byte = [&](uint32_t i) { return static_cast<unsigned char>(p[i]); };
  const auto cont = [&](uint32_t i) { return p + i < end && (byte(i) & 0xC0) == 0x80; };
  const unsigned char b0 = byte(0);
  codePoint = 0xFFFD;
  if (b0 < 0x80) {
    codePoint = b0;
    return 1;
  }
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    if (!cont(1)) return 1;
    codePoint = (b0 & 0x1Fu) << 6 | (byte(1) & 0x3Fu);
    return 2;
  }
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    if (!cont(1) || !cont(2)) return 1;
    const uint32_t cp = (b0 & 0x0Fu) << 12 | (byte(1) & 0x3Fu) << 6 | (byte(2) & 0x3Fu);
    if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)) return 1;  // overlong or surrogate
    codePoint = cp;
    return 3;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 1;
    const uint32_t cp = (b0 & 0x07u) << 18 | (byte(1) & 0x3Fu) << 12 | (byte(2) & 0x3Fu) << 6 | (byte(3) & 0x3Fu);
    if (cp < 0x10000 || cp > 0x10FFFF) return 1;
    codePoint = cp;
    return 4;
  }
  return 1;
}

std::optional<uint32_t> findInvalidUtf8(std::string_view text) {
  const char* p = text.data();
  const char* end = p + text.size();
  while (p < end) {
    // ASCII runs are the common case; skip them without decoding.
    if (static_cast<unsigned char>(*p) < 0x80) {
      ++p;
      continue;
    }
    uint32_t cp;
    const uint32_t n = decodeUtf8(p, end, cp);
    if (n == 1) return static_cast<uint32_t>(p - text.data());
    p += n;
  }
  return std::nullopt;
}

void appendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace onb::parser
