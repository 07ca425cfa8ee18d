#include "compiler/render/located_span.hpp"

#include <algorithm>

namespace onb::render {

LocatedSpan locate(const SourceManager& sources, Span span) {
  LocatedSpan out;
  if (!span.valid() || span.file >= sources.size()) return out;
  const SourceFile& file = sources.file(span.file);
  std::string_view text = file.text();
  uint32_t size = static_cast<uint32_t>(text.size());
  out.file = &file;
  out.beginOffset = std::min(span.begin, size);
  out.endOffset = std::clamp(span.end, out.beginOffset, size);
  out.begin = file.lineCol(out.beginOffset);
  out.end = file.lineCol(out.endOffset);
  if (out.endOffset == out.beginOffset) {
    out.last = out.begin;
  } else {
    // Step back over continuation bytes to the lead byte of the last character.
    uint32_t lastOffset = out.endOffset - 1;
    while (lastOffset > out.beginOffset && (static_cast<unsigned char>(text[lastOffset]) & 0xC0) == 0x80) --lastOffset;
    out.last = file.lineCol(lastOffset);
  }
  return out;
}

}  // namespace onb::render
