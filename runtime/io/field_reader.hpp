// Private to onb_runtime (includes simdjson through json_walk.hpp).
//
// Reads the JSON value of one declared property or trait against its declared type, by
// the rules of LANGUAGE.md section 7: bool = true/false; int = an integer token that fits
// int64 (`3.0`, `3e0`, `"3"` and integers past int64 are the wrong type); float = any
// number (integers converted, big ones too; a number past the double range is the wrong
// type); string = a string; time = an ISO 8601 string or integer epoch milliseconds in
// years 0001-9999; duration = integer milliseconds; enum = a string that is a member
// (the value is the member index).
#pragma once

#include <cstdint>
#include <string>

#include "runtime/bytecode/schema.hpp"
#include "runtime/io/json_walk.hpp"
#include "runtime/io/line_scan.hpp"
#include "runtime/io/name_table.hpp"

namespace onb::io::detail {

enum class FieldStatus : uint8_t {
  Ok,         // `out` holds the value
  Null,       // JSON null: the value is missing
  WrongType,  // valid JSON that does not fit the type: FieldRead::mismatch says how
  Malformed,  // invalid JSON inside the value: FieldRead::error says why
};

// What was found instead of a value of the declared type.
enum class Mismatch : uint8_t {
  None,
  String,
  Bool,
  Int,                // an integer token (for bool, string, enum)
  Float,              // a number token with a fraction or an exponent
  Object,
  Array,
  IntOutOfRange,      // an integer token past int64
  FloatOutOfRange,    // a number past the double range (1e400)
  NotIso,             // a string that is not ISO 8601 (time)
  TimeOutOfRange,     // an instant outside years 0001-9999 (time)
  NotMember,          // a string that is not a member (enum)
};

struct FieldRead {
  FieldStatus status = FieldStatus::Ok;
  Mismatch mismatch = Mismatch::None;
  json::error_code error = simdjson::SUCCESS;
};

// Reads On Demand value `v` (a field value nested in `depth` containers) as `spec`'s type.
// `members` is the member table of spec's enum (Enum only). Strings in `out` point into
// the parser's buffers (empty strings point to a static ""). Always consumes or validates
// the whole value, so a WrongType value has been checked to be valid JSON.
FieldRead readField(json::od::value v, const bc::FieldSpec& spec, const NameTable* members, int depth, Value& out);

// The same rules on a DOM element (already validated: never Malformed). The DOM holds no
// integer past 64 bits and no number past the double range (such lines take the On Demand
// path), so an integer token is INT64 or UINT64 and anything else numeric is DOUBLE.
FieldRead readField(simdjson::dom::element v, const bc::FieldSpec& spec, const NameTable* members, Value& out);

// Applies a declared property's read result: a wrong type makes the line invalid (the
// first one names the reason). The value itself was stored by readField.
void applyProperty(const SchemaTables& tables, const bc::FieldSpec& spec, const FieldRead& read, LineScan& scan,
                   DecodedEvent& out);

// Applies a declared trait's read result: a Set or Remove update, or a trait error.
void applyTrait(const SchemaTables& tables, uint32_t trait, const FieldRead& read, Value value, DecodedEvent& out);

// Appends why a value does not fit `spec`: "expected int, got string", "expected one of
// free, pro", "time out of range (years 0001-9999)".
void describeMismatch(const bc::FieldSpec& spec, const bc::Schema& schema, Mismatch mismatch, std::string& out);

}  // namespace onb::io::detail
