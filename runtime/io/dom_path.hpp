// Private to onb_runtime (includes simdjson).
//
// Decoding a line with simdjson's DOM parser: the fast path. The parser validates the
// whole line (runtime-dispatched SIMD stage 1, a tape-building stage 2: every string,
// number, literal and bracket, depth <= 1024), then the decoder walks the tape. It
// rejects two kinds of valid JSON with NUMBER_ERROR: integers past 64 bits and numbers
// past the double range; EventDecoder sends those lines to the On Demand path.
#pragma once

#include <simdjson.h>

#include "runtime/io/iso_cache.hpp"
#include "runtime/io/line_scan.hpp"

namespace onb::io::detail {

class DomPath {
 public:
  DomPath();

  // As OnDemandPath::decode; NUMBER_ERROR means "retry with the On Demand path".
  simdjson::error_code decode(const SchemaTables& tables, FieldMarks& marks, const char* line, size_t len,
                              LineScan& scan, DecodedEvent& out);

 private:
  simdjson::dom::parser parser_;
  IsoCache timestamps_;
};

}  // namespace onb::io::detail
