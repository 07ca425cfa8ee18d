#include "runtime/io/ondemand_path.hpp"

#include "runtime/io/field_reader.hpp"
#include "runtime/io/json_walk.hpp"
#include "stdlib/civil_time.hpp"

namespace onb::io::detail {

namespace od = json::od;
using json::error_code;

OnDemandPath::OnDemandPath() {
  // Typical lines then fit without the parsers growing. (A failed allocation here is
  // retried, and reported, by iterate().)
  if (parser_.allocate(64 * 1024) != simdjson::SUCCESS) parser_ = od::parser();
  if (spanParser_.allocate(64 * 1024) != simdjson::SUCCESS) spanParser_ = od::parser();
}

// Reads a value that matters only when it is a string; anything else is validated.
static error_code readString(od::value v, bool& isString, std::string_view& out) {
  isString = false;
  od::json_type type;
  if (error_code e = v.type().get(type)) return e;
  if (type == od::json_type::string) {
    isString = true;
    return v.get_string().get(out);
  }
  return json::validateValue(v, 1);
}

error_code OnDemandPath::readTimestamp(od::value v, LineScan& scan) {
  od::json_type type;
  if (error_code e = v.type().get(type)) return e;
  scan.stamp = Stamp::NotTime;
  if (type == od::json_type::string) {
    std::string_view s;
    if (error_code e = v.get_string().get(s)) return e;
    switch (timestamps_.parse(s, scan.t)) {
      case civil::IsoError::None: scan.stamp = Stamp::Ok; break;
      case civil::IsoError::Syntax: break;
      case civil::IsoError::Range: scan.stamp = Stamp::OutOfRange; break;
    }
    return simdjson::SUCCESS;
  }
  if (type == od::json_type::number) {
    const std::string_view token = v.raw_json_token();
    size_t length = 0;
    const json::NumberKind kind = json::classifyNumber(token, length);
    if (kind == json::NumberKind::Bad) return simdjson::NUMBER_ERROR;
    if (kind == json::NumberKind::Integer) {
      int64_t t = 0;
      const bool fits = json::parseInt64(token.substr(0, length), t);
      scan.stamp = fits && t >= civil::kMinTime && t <= civil::kMaxTime ? Stamp::Ok : Stamp::OutOfRange;
      scan.t = t;
    }
    return simdjson::SUCCESS;
  }
  return json::validateValue(v, 1);
}

error_code OnDemandPath::decodeProperties(od::object object, uint32_t event, LineScan& scan, DecodedEvent& out) {
  const bc::EventSpec& spec = tables_->schema.events[event];
  const NameTable& names = tables_->properties[event];
  out.props.assign(spec.properties.size(), Value::none());
  marks_->begin();
  for (auto result : object) {
    od::field field;
    if (error_code e = std::move(result).get(field)) return e;
    std::string_view key;
    if (error_code e = json::readKey(field, key)) return e;
    const uint32_t i = names.find(key);
    if (i == NameTable::kNotFound || !marks_->mark(i)) {  // undeclared, or a repeated key
      if (error_code e = json::validateValue(field.value(), 2)) return e;
      continue;
    }
    const bc::FieldSpec& p = spec.properties[i];
    const FieldRead read = readField(field.value(), p, tables_->membersOf(p), 2, out.props[i]);
    if (read.status == FieldStatus::Malformed) return read.error;
    applyProperty(*tables_, p, read, scan, out);
  }
  return simdjson::SUCCESS;
}

error_code OnDemandPath::decodeTraits(od::object object, DecodedEvent& out) {
  marks_->begin();
  for (auto result : object) {
    od::field field;
    if (error_code e = std::move(result).get(field)) return e;
    std::string_view key;
    if (error_code e = json::readKey(field, key)) return e;
    const uint32_t i = tables_->traits.find(key);
    if (i == NameTable::kNotFound || !marks_->mark(i)) {
      if (error_code e = json::validateValue(field.value(), 2)) return e;
      continue;
    }
    const bc::TraitSpec& spec = tables_->schema.traits[i];
    Value value = Value::none();
    const FieldRead read = readField(field.value(), spec, tables_->membersOf(spec), 2, value);
    if (read.status == FieldStatus::Malformed) return read.error;
    applyTrait(*tables_, i, read, value, out);
  }
  return simdjson::SUCCESS;
}

// `properties`: decoded on the spot when `type` and `event` came first, else deferred.
error_code OnDemandPath::readProperties(od::value v, LineScan& scan, DecodedEvent& out) {
  od::json_type type;
  if (error_code e = v.type().get(type)) return e;
  if (type != od::json_type::object) {
    scan.props = type == od::json_type::null ? Body::Null : Body::NotObject;
    return json::validateValue(v, 1);
  }
  const bool typeKnown = scan.seen & kType, eventKnown = scan.seen & kEvent;
  if (!typeKnown || (scan.type == CallType::Track && !eventKnown)) {
    scan.props = Body::Deferred;
    od::object object;
    if (error_code e = v.get_object().get(object)) return e;
    return object.raw_json().get(scan.propsSpan);
  }
  scan.props = Body::Object;
  const uint32_t event = tables_->eventIndex(scan);
  if (event == NameTable::kNotFound) return json::validateValue(v, 1);  // not read
  od::object object;
  if (error_code e = v.get_object().get(object)) return e;
  return decodeProperties(object, event, scan, out);
}

error_code OnDemandPath::readTraits(od::value v, LineScan& scan, DecodedEvent& out) {
  od::json_type type;
  if (error_code e = v.type().get(type)) return e;
  if (type != od::json_type::object) {
    scan.traits = type == od::json_type::null ? Body::Null : Body::NotObject;
    return json::validateValue(v, 1);
  }
  if (!(scan.seen & kType)) {
    scan.traits = Body::Deferred;
    od::object object;
    if (error_code e = v.get_object().get(object)) return e;
    return object.raw_json().get(scan.traitsSpan);
  }
  scan.traits = Body::Object;
  if (scan.type != CallType::Identify) return json::validateValue(v, 1);
  od::object object;
  if (error_code e = v.get_object().get(object)) return e;
  return decodeTraits(object, out);
}

error_code OnDemandPath::scanTop(od::object top, LineScan& scan, DecodedEvent& out) {
  for (auto result : top) {
    od::field field;
    if (error_code e = std::move(result).get(field)) return e;
    std::string_view key;
    if (error_code e = json::readKey(field, key)) return e;
    const TopKey bit = topKeyOf(key);
    if (bit == kNoKey || (scan.seen & bit)) {  // unread, or a repeated key: validate only
      if (error_code e = json::validateValue(field.value(), 1)) return e;
      continue;
    }
    error_code e = simdjson::SUCCESS;
    switch (bit) {
      case kType: {
        bool isString;
        std::string_view s;
        e = readString(field.value(), isString, s);
        if (isString) scan.type = callTypeOf(s);
        break;
      }
      case kUserId: e = readString(field.value(), scan.userIdIsString, scan.userId); break;
      case kAnonymousId: e = readString(field.value(), scan.anonymousIdIsString, scan.anonymousId); break;
      case kEvent: e = readString(field.value(), scan.eventIsString, scan.eventName); break;
      case kMessageId: e = readString(field.value(), scan.messageIdIsString, scan.messageId); break;
      case kTimestamp: e = readTimestamp(field.value(), scan); break;
      case kProperties: e = readProperties(field.value(), scan, out); break;
      case kTraits: e = readTraits(field.value(), scan, out); break;
      case kNoKey: break;
    }
    if (e) return e;
    scan.seen |= bit;
  }
  return simdjson::SUCCESS;
}

// Decodes (relevant) or validates a span deferred by the scan.
error_code OnDemandPath::finishDeferred(std::string_view span, bool relevant, bool isTrack, uint32_t event,
                                        LineScan& scan, DecodedEvent& out) {
  od::document doc;
  const size_t capacity = static_cast<size_t>(lineEnd_ - span.data());
  if (error_code e = spanParser_.iterate(span.data(), span.size(), capacity).get(doc)) return e;
  if (!relevant) {
    od::value root;
    if (error_code e = doc.get_value().get(root)) return e;
    return json::validateValue(root, 1);
  }
  od::object object;
  if (error_code e = doc.get_object().get(object)) return e;
  return isTrack ? decodeProperties(object, event, scan, out) : decodeTraits(object, out);
}

error_code OnDemandPath::decode(const SchemaTables& tables, FieldMarks& marks, const char* line, size_t len,
                                size_t capacity, LineScan& scan, DecodedEvent& out) {
  tables_ = &tables;
  marks_ = &marks;
  lineEnd_ = line + capacity;
  od::document doc;
  if (error_code e = parser_.iterate(line, len, capacity).get(doc)) return e;
  od::object top;
  if (error_code e = doc.get_object().get(top)) return e;
  if (error_code e = scanTop(top, scan, out)) return e;
  // The object must be the whole line: the next token, if any, is trailing content.
  if (doc.current_location().error() != simdjson::OUT_OF_BOUNDS) return simdjson::TRAILING_CONTENT;
  // Deferred bodies: the irrelevant one is validated first, so that the relevant one's
  // strings stay in spanParser_'s buffer.
  const uint32_t event = tables.eventIndex(scan);
  const bool propsRelevant = event != NameTable::kNotFound;
  const bool traitsRelevant = scan.type == CallType::Identify;
  for (const bool relevantPass : {false, true}) {
    if (scan.props == Body::Deferred && propsRelevant == relevantPass)
      if (error_code e = finishDeferred(scan.propsSpan, propsRelevant, true, event, scan, out)) return e;
    if (scan.traits == Body::Deferred && traitsRelevant == relevantPass)
      if (error_code e = finishDeferred(scan.traitsSpan, traitsRelevant, false, event, scan, out)) return e;
  }
  // Deferred bodies were objects.
  if (scan.props == Body::Deferred) scan.props = Body::Object;
  if (scan.traits == Body::Deferred) scan.traits = Body::Object;
  return simdjson::SUCCESS;
}

}  // namespace onb::io::detail
