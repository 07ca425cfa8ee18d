#include "runtime/io/dom_path.hpp"

#include "runtime/io/field_reader.hpp"
#include "stdlib/civil_time.hpp"

namespace onb::io::detail {

namespace dom = simdjson::dom;
using simdjson::error_code;

namespace {

// A top-level value that matters only when it is a string.
void readString(dom::element v, bool& isString, std::string_view& out) {
  isString = v.type() == dom::element_type::STRING;
  if (isString) out = v.get_string().value_unsafe();
}

void readTimestamp(dom::element v, IsoCache& timestamps, LineScan& scan) {
  scan.stamp = Stamp::NotTime;
  switch (v.type()) {
    case dom::element_type::STRING:
      switch (timestamps.parse(v.get_string().value_unsafe(), scan.t)) {
        case civil::IsoError::None: scan.stamp = Stamp::Ok; break;
        case civil::IsoError::Syntax: break;
        case civil::IsoError::Range: scan.stamp = Stamp::OutOfRange; break;
      }
      return;
    case dom::element_type::INT64:
      scan.t = v.get_int64().value_unsafe();
      scan.stamp = scan.t >= civil::kMinTime && scan.t <= civil::kMaxTime ? Stamp::Ok : Stamp::OutOfRange;
      return;
    case dom::element_type::UINT64: scan.stamp = Stamp::OutOfRange; return;
    case dom::element_type::DOUBLE:
    case dom::element_type::BOOL:
    case dom::element_type::NULL_VALUE:
    case dom::element_type::OBJECT:
    case dom::element_type::ARRAY: return;
  }
}

Body bodyOf(dom::element v) {
  switch (v.type()) {
    case dom::element_type::OBJECT: return Body::Object;
    case dom::element_type::NULL_VALUE: return Body::Null;
    case dom::element_type::ARRAY:
    case dom::element_type::STRING:
    case dom::element_type::INT64:
    case dom::element_type::UINT64:
    case dom::element_type::DOUBLE:
    case dom::element_type::BOOL: return Body::NotObject;
  }
  return Body::NotObject;
}

void decodeProperties(const SchemaTables& tables, FieldMarks& marks, dom::object object, uint32_t event,
                      LineScan& scan, DecodedEvent& out) {
  const bc::EventSpec& spec = tables.schema.events[event];
  const NameTable& names = tables.properties[event];
  out.props.assign(spec.properties.size(), Value::none());
  marks.begin();
  for (const dom::key_value_pair field : object) {
    const uint32_t i = names.find(field.key);
    if (i == NameTable::kNotFound || !marks.mark(i)) continue;  // undeclared, or a repeated key
    const bc::FieldSpec& p = spec.properties[i];
    const FieldRead read = readField(field.value, p, tables.membersOf(p), out.props[i]);
    applyProperty(tables, p, read, scan, out);
  }
}

void decodeTraits(const SchemaTables& tables, FieldMarks& marks, dom::object object, DecodedEvent& out) {
  marks.begin();
  for (const dom::key_value_pair field : object) {
    const uint32_t i = tables.traits.find(field.key);
    if (i == NameTable::kNotFound || !marks.mark(i)) continue;
    const bc::TraitSpec& spec = tables.schema.traits[i];
    Value value = Value::none();
    const FieldRead read = readField(field.value, spec, tables.membersOf(spec), value);
    applyTrait(tables, i, read, value, out);
  }
}

}  // namespace

DomPath::DomPath() {
  // Typical lines then fit without the parser growing. (A failed allocation here is
  // retried, and reported, by parse().)
  if (parser_.allocate(64 * 1024) != simdjson::SUCCESS) parser_ = dom::parser();
}

error_code DomPath::decode(const SchemaTables& tables, FieldMarks& marks, const char* line, size_t len,
                           LineScan& scan, DecodedEvent& out) {
  dom::element root;
  if (error_code e = parser_.parse(line, len, false).get(root)) return e;
  dom::object top;
  if (error_code e = root.get_object().get(top)) return e;
  dom::element props, traits;
  // Keys come unescaped and in document order: the first occurrence of a key wins.
  for (const dom::key_value_pair field : top) {
    const TopKey bit = topKeyOf(field.key);
    if (bit == kNoKey || (scan.seen & bit)) continue;
    scan.seen |= bit;
    switch (bit) {
      case kType: {
        bool isString;
        std::string_view s;
        readString(field.value, isString, s);
        if (isString) scan.type = callTypeOf(s);
        break;
      }
      case kUserId: readString(field.value, scan.userIdIsString, scan.userId); break;
      case kAnonymousId: readString(field.value, scan.anonymousIdIsString, scan.anonymousId); break;
      case kEvent: readString(field.value, scan.eventIsString, scan.eventName); break;
      case kMessageId: readString(field.value, scan.messageIdIsString, scan.messageId); break;
      case kTimestamp: readTimestamp(field.value, timestamps_, scan); break;
      case kProperties:
        scan.props = bodyOf(field.value);
        props = field.value;
        break;
      case kTraits:
        scan.traits = bodyOf(field.value);
        traits = field.value;
        break;
      case kNoKey: break;
    }
  }
  // The whole line is valid JSON: only the bodies that matter are read.
  const uint32_t event = tables.eventIndex(scan);
  if (event != NameTable::kNotFound && scan.props == Body::Object)
    decodeProperties(tables, marks, props.get_object().value_unsafe(), event, scan, out);
  if (scan.type == CallType::Identify && scan.traits == Body::Object)
    decodeTraits(tables, marks, traits.get_object().value_unsafe(), out);
  return simdjson::SUCCESS;
}

}  // namespace onb::io::detail
