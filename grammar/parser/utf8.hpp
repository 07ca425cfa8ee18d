// UTF-8 validation and decoding (RFC 3629: no overlong forms, no surrogates, at most
// U+10FFFF), for the up-front check of a source file and for naming invalid characters.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace onb::parser {

// The byte offset of the first byte that does not start a valid UTF-8 sequence, or nullopt
// when the whole text is valid.
std::optional<uint32_t> findInvalidUtf8(std::string_view text);

// Decodes the sequence at `p`. Returns its length (1..4) and sets `codePoint`; an invalid
// sequence has length 1 and code point U+FFFD.
uint32_t decodeUtf8(const char* p, const char* end, uint32_t& codePoint);

// Appends the UTF-8 encoding of `codePoint` (which must be a scalar value).
void appendUtf8(std::string& out, uint32_t codePoint);

}  // namespace onb::parser
