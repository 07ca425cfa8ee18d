// A Span resolved against its file, as every renderer needs it: the file, the byte range
// clamped into the file, and where it starts and ends in lines and code-point columns.
#pragma once

#include <cstdint>

#include "grammar/source/source_file.hpp"

namespace onb::render {

struct LocatedSpan {
  const SourceFile* file = nullptr;  // null: the span has no location
  uint32_t beginOffset = 0;          // begin <= end <= file->text().size()
  uint32_t endOffset = 0;
  LineCol begin;  // the first character (or the insertion point of an empty span)
  LineCol end;    // just past the last character; == begin for an empty span
  LineCol last;   // the last character itself; == begin for an empty span

  bool located() const { return file != nullptr; }
};

// Resolves `span`. An invalid span, or one whose file is not in `sources`, has no location.
// Offsets past the end of the file are clamped to it (a span at the end of the file is
// fine: it points just past the last character), and an end before the begin is
// treated as an empty span.
LocatedSpan locate(const SourceManager& sources, Span span);

}  // namespace onb::render
