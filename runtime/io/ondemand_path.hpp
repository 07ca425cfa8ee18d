// Private to onb_runtime (includes simdjson).
//
// Decoding a line with simdjson On Demand, validating every value itself
// (json_walk.hpp). It accepts every valid JSON line, integers past 64 bits and 1e400
// included, which simdjson's DOM parser rejects: EventDecoder uses it for those lines.
// It reads `properties`/`traits` on the spot when `type` (and `event`) came first, the
// usual key order, and otherwise keeps the body's span and decodes it after the scan with
// a second parser (so the first parser's strings stay valid).
#pragma once

#include <simdjson.h>

#include "runtime/io/iso_cache.hpp"
#include "runtime/io/line_scan.hpp"

namespace onb::io::detail {

class OnDemandPath {
 public:
  OnDemandPath();

  // Validates and scans the line into `scan` and `out` (properties / traits). Returns the
  // JSON error that makes the line malformed (TRAILING_CONTENT and INCORRECT_TYPE for a
  // non-object included), or SUCCESS. Bytes [line, line + capacity) must be readable,
  // capacity >= len + SIMDJSON_PADDING.
  simdjson::error_code decode(const SchemaTables& tables, FieldMarks& marks, const char* line, size_t len,
                              size_t capacity, LineScan& scan, DecodedEvent& out);

 private:
  using od_value = simdjson::ondemand::value;
  using od_object = simdjson::ondemand::object;
  using error_code = simdjson::error_code;

  error_code scanTop(od_object top, LineScan& scan, DecodedEvent& out);
  error_code readTimestamp(od_value v, LineScan& scan);
  error_code readProperties(od_value v, LineScan& scan, DecodedEvent& out);
  error_code readTraits(od_value v, LineScan& scan, DecodedEvent& out);
  error_code decodeProperties(od_object object, uint32_t event, LineScan& scan, DecodedEvent& out);
  error_code decodeTraits(od_object object, DecodedEvent& out);
  error_code finishDeferred(std::string_view span, bool relevant, bool isTrack, uint32_t event, LineScan& scan,
                            DecodedEvent& out);

  simdjson::ondemand::parser parser_;
  simdjson::ondemand::parser spanParser_;
  IsoCache timestamps_;
  // Set for the duration of decode().
  const SchemaTables* tables_ = nullptr;
  FieldMarks* marks_ = nullptr;
  const char* lineEnd_ = nullptr;  // a deferred span's readable bytes end here
};

}  // namespace onb::io::detail
