#include "runtime/io/line_scan.hpp"

#include <algorithm>

namespace onb::io::detail {

CallType callTypeOf(std::string_view s) {
  if (s == "track") return CallType::Track;
  if (s == "identify") return CallType::Identify;
  if (s == "page") return CallType::Page;
  if (s == "screen") return CallType::Screen;
  if (s == "group") return CallType::Group;
  if (s == "alias") return CallType::Alias;
  return CallType::Unknown;
}

TopKey topKeyOf(std::string_view k) {
  switch (k.size()) {
    case 4: return k == "type" ? kType : kNoKey;
    case 5: return k == "event" ? kEvent : kNoKey;
    case 6: return k == "userId" ? kUserId : k == "traits" ? kTraits : kNoKey;
    case 9: return k == "timestamp" ? kTimestamp : k == "messageId" ? kMessageId : kNoKey;
    case 10: return k == "properties" ? kProperties : kNoKey;
    case 11: return k == "anonymousId" ? kAnonymousId : kNoKey;
    default: return kNoKey;
  }
}

SchemaTables::SchemaTables(const bc::Schema& s) : schema(s) {
  std::vector<std::string_view> names;
  widestObject = s.traits.size();
  for (const bc::EventSpec& e : s.events) names.push_back(e.wireName);
  events = NameTable(names);
  for (const bc::EventSpec& e : s.events) {
    names.clear();
    for (const bc::FieldSpec& p : e.properties) names.push_back(p.name);
    properties.emplace_back(names);
    widestObject = std::max(widestObject, e.properties.size());
  }
  names.clear();
  for (const bc::TraitSpec& t : s.traits) names.push_back(t.name);
  traits = NameTable(names);
  for (const bc::EnumSpec& e : s.enums) {
    names.clear();
    for (const std::string& m : e.members) names.push_back(m);
    enums.emplace_back(names);
  }
}

void classify(const SchemaTables& tables, const LineScan& scan, DecodedEvent& out) {
  auto malformed = [&](const char* reason) {
    out.cls = LineClass::Malformed;
    out.reason.assign(reason);
  };
  if (scan.type == CallType::Unknown)
    return malformed("`type` is missing or not one of track, identify, page, screen, group, alias");
  if (scan.userIdIsString && !scan.userId.empty()) out.user = scan.userId;
  else if (scan.anonymousIdIsString && !scan.anonymousId.empty()) out.user = scan.anonymousId;
  else return malformed("no userId or anonymousId (a non-empty string)");
  switch (scan.stamp) {
    case Stamp::Ok: break;
    case Stamp::Missing: return malformed("missing timestamp");
    case Stamp::NotTime: return malformed("timestamp is not ISO 8601 or epoch milliseconds");
    case Stamp::OutOfRange: return malformed("timestamp out of range (years 0001-9999)");
  }
  if (scan.type == CallType::Track && !scan.eventIsString) return malformed("track without a string `event`");
  out.t = scan.t;
  if (scan.messageIdIsString) {
    out.hasMessageId = true;
    out.messageId = scan.messageId;
  }
  auto ignored = [&](const char* reason) {
    out.cls = LineClass::Ignored;
    out.reason.assign(reason);
  };
  switch (scan.type) {
    case CallType::Unknown: return;  // handled above
    case CallType::Page: return ignored("page call");
    case CallType::Screen: return ignored("screen call");
    case CallType::Group: return ignored("group call");
    case CallType::Alias: return ignored("alias call");
    case CallType::Identify:
      if (scan.traits == Body::NotObject) {
        out.cls = LineClass::Invalid;
        out.reason.assign("traits is not an object");
        return;
      }
      out.cls = LineClass::Identify;
      out.reason.clear();
      return;
    case CallType::Track: break;
  }
  const uint32_t event = tables.eventIndex(scan);
  if (event == NameTable::kNotFound) {
    out.cls = LineClass::Ignored;
    // At most 200 bytes of the name, cut at a character boundary (reasons are written as JSON).
    size_t n = std::min<size_t>(scan.eventName.size(), 200);
    while (n < scan.eventName.size() && n > 0 && (static_cast<unsigned char>(scan.eventName[n]) & 0xc0) == 0x80) --n;
    out.reason.assign("undeclared event `").append(scan.eventName.substr(0, n)).append("`");
    return;
  }
  out.event = event;
  out.cls = LineClass::Invalid;
  if (scan.props == Body::NotObject) {
    out.props.clear();
    out.reason.assign("properties is not an object");
    return;
  }
  if (scan.invalid) return;  // out.reason names the property
  const bc::EventSpec& spec = tables.schema.events[event];
  if (scan.props == Body::Absent || scan.props == Body::Null) out.props.assign(spec.properties.size(), Value::none());
  for (size_t i = 0; i < spec.properties.size(); ++i) {
    if (out.props[i].missing && !spec.properties[i].optional) {
      out.reason.assign("property `").append(spec.properties[i].name).append("` is missing (absent or null)");
      return;
    }
  }
  out.cls = LineClass::Track;
  out.reason.clear();
}

}  // namespace onb::io::detail
