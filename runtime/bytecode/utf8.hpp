// Strict UTF-8 validation (RFC 3629: no overlong forms, no surrogates, nothing above
// U+10FFFF). Source text and decoded events are valid UTF-8; the artifact loader holds
// the strings of an artifact to the same rule, so every string the runtime writes into a
// record is valid UTF-8 whoever produced the artifact.
#pragma once

#include <string_view>

namespace onb::bc {

bool isValidUtf8(std::string_view text);

}  // namespace onb::bc
